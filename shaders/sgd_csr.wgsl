// K linear SVMs trained at once by SGD on the hinge loss over CSR rows (hashed text), each step
// the one stated in src/lib/ml/sgd.ts (scikit-learn's _plain_sgd with its WeightVector, in
// float32): O(non-zeros) per step, the L2 shrink one multiply of wscale.
//
// A workgroup is GROUP configurations of the same seed slot and batch size, LANES invocations
// each. The weights stay in global memory, feature-major (v[j * columns + column]), so the GROUP
// configurations of a workgroup read one feature's weights from neighbouring words. The rows of
// this window of the epoch's order come gathered in that order (one contiguous stream of
// (index, value) pairs); a tile of the stream is staged once in workgroup memory and read by
// every configuration. Lane l of a configuration owns the pairs l, l + LANES, … of a row, both
// for the dot product and for the update, so a lane rereads only what it wrote; a storage barrier
// orders each row's update before any other lane reads those weights. The lanes' partial dot
// products are summed in lane order by every lane (the same bits in all, no atomics).

// Config, State, rate, is_finite: sgd_config.wgsl, prepended by the wrapper.

struct Window {
  columns: u32,       // weight columns (configurations padded to whole groups)
  d: u32,             // features
  n: u32,             // rows per epoch
  first: u32,         // batches starting at positions in [first, end) run in this dispatch
  end: u32,
  base: u32,          // the position of rows[0]
  reach: u32,         // positions below reach are in this window
  pairs: u32,         // pairs in this window
  group_offset: u32,  // the first group of this dispatch
  epoch: u32,         // 1-based: recorded in State.failed when a margin overflows
  flag_words: u32,    // words of `flags` per (column, lane)
  pad0: u32,
}

@group(0) @binding(0) var<uniform> window: Window;
@group(0) @binding(1) var<storage, read> configs: array<Config>;
@group(0) @binding(2) var<storage, read_write> states: array<State>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read_write> aw: array<f32>;
// rows[p − base] = the first pair of position p, the top bit set when its label is −1;
// rows[reach − base] = pairs.
@group(0) @binding(5) var<storage, read> rows: array<u32>;
@group(0) @binding(6) var<storage, read> indices: array<u32>;
@group(0) @binding(7) var<storage, read> values: array<f32>;
// Margin ≤ 1 flags of batch rows 32 and on, flag_words words per (column, lane).
@group(0) @binding(8) var<storage, read_write> flags: array<u32>;

override LANES: u32 = 32u;
override GROUP: u32 = 8u;
const TILE_PAIRS: u32 = 1024u;
const STAGE: u32 = 4u;              // loads in flight per invocation while staging

var<workgroup> tile_index: array<u32, TILE_PAIRS>;
var<workgroup> tile_value: array<f32, TILE_PAIRS>;
var<workgroup> partials: array<f32, 2u * GROUP * LANES>;

fn row_start(p: u32) -> u32 { return rows[p - window.base] & 0x7fffffffu; }
fn row_end(p: u32) -> u32 { return rows[p + 1u - window.base] & 0x7fffffffu; }

// Pairs [lo, min(lo + TILE_PAIRS, pairs)) into the tile. Uniform control flow only.
fn stage(lo: u32, lid: u32) -> u32 {
  let size = GROUP * LANES;
  let hi = min(lo + TILE_PAIRS, window.pairs);
  workgroupBarrier();
  for (var e0 = lo + lid; e0 < hi; e0 += size * STAGE) {
    var got_index: array<u32, STAGE>;
    var got_value: array<f32, STAGE>;
    for (var k = 0u; k < STAGE; k++) {
      let e = e0 + k * size;
      if (e < hi) {
        got_index[k] = indices[e];
        got_value[k] = values[e];
      }
    }
    for (var k = 0u; k < STAGE; k++) {
      let e = e0 + k * size;
      if (e < hi) {
        tile_index[e - lo] = got_index[k];
        tile_value[e - lo] = got_value[k];
      }
    }
  }
  workgroupBarrier();
  return hi;
}

@compute @workgroup_size(GROUP * LANES)
fn train(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let size = GROUP * LANES;
  let group = wg.x + window.group_offset;
  let B = configs[group * GROUP].batch;
  let g = lid % GROUP;
  let lane = lid / GROUP;
  let column = group * GROUP + g;
  let c = configs[column];
  let K = window.columns;
  let d = window.d;
  let n = window.n;
  let averaging = c.average != 0u;
  var s = states[column];
  if (window.first == 0u) {
    s.loss_positive = 0.0;
    s.carry_positive = 0.0;
    s.loss_negative = 0.0;
    s.carry_negative = 0.0;
  }
  var live = c.running != 0u && s.failed == 0u;
  // The staged pairs [tile_lo, tile_hi) of this window's stream.
  var tile_lo = 0u;
  var tile_hi = 0u;
  var half = 0u;
  let flag_base = (column * LANES + lane) * window.flag_words;

  for (var start = (window.first + B - 1u) / B * B; start < window.end; start += B) {
    let count = min(B, n - start);
    let eta = rate(c, s.t);
    var mask = 0u;
    // 1. margins with the weights before this step
    for (var r = 0u; r < count; r++) {
      let p = start + r;
      let lo = row_start(p);
      let hi = row_end(p);
      // A row longer than a tile is read from global memory instead.
      if ((lo < tile_lo || hi > tile_hi) && hi - lo <= TILE_PAIRS) {
        tile_lo = lo;
        tile_hi = stage(lo, lid);
      }
      let staged = lo >= tile_lo && hi <= tile_hi;
      var partial = 0.0;
      for (var e = lo + lane; e < hi; e += LANES) {
        var j: u32;
        var value: f32;
        if (staged) {
          j = tile_index[e - tile_lo];
          value = tile_value[e - tile_lo];
        } else {
          j = indices[e];
          value = values[e];
        }
        partial = partial + v[j * K + column] * value;
      }
      partials[half * size + lid] = partial;
      workgroupBarrier();
      var dot = 0.0;
      for (var l = 0u; l < LANES; l++) { dot = dot + partials[half * size + l * GROUP + g]; }
      half = 1u - half;
      if (live) {
        let score = s.wscale * dot + s.bias;
        let negative = (rows[p - window.base] & 0x80000000u) != 0u;
        let margin = select(score, -score, negative);
        if (!is_finite(margin)) {
          s.failed = window.epoch;
          live = false;
        } else {
          add_loss(&s, margin, negative);
          // sklearn's Hinge.dloss: an update when z <= 1
          let bit = 1u << (r % 32u);
          if (r < 32u) {
            if (margin <= 1.0) { mask |= bit; }
          } else if (margin <= 1.0) {
            flags[flag_base + r / 32u] |= bit;
          } else {
            flags[flag_base + r / 32u] &= ~bit;
          }
        }
      }
    }
    // 2. the L2 shrink, one multiply; folded into v when wscale gets small (reset_wscale: O(d))
    if (live && c.alpha != 0.0) {
      let shrink = 1.0 - eta * c.alpha;
      s.wscale = select(0.0, s.wscale * shrink, shrink > 0.0);
      if (s.wscale < wscale_threshold(c)) {
        for (var j = lane; j < d; j += LANES) {
          let at = j * K + column;
          if (averaging) { aw[at] = (aw[at] + s.average_a * v[at]) / s.average_b; }
          v[at] = v[at] * s.wscale;
        }
        s.average_a = 0.0;
        s.average_b = 1.0;
        s.wscale = 1.0;
      }
    }
    storageBarrier();
    // 3. the hinge subgradient of each row with margin ≤ 1, over its non-zeros
    let step = eta / f32(count);
    for (var r = 0u; r < count; r++) {
      let p = start + r;
      let lo = row_start(p);
      let hi = row_end(p);
      if ((lo < tile_lo || hi > tile_hi) && hi - lo <= TILE_PAIRS) {
        tile_lo = lo;
        tile_hi = stage(lo, lid);
      }
      let staged = lo >= tile_lo && hi <= tile_hi;
      var violating = false;
      if (r < 32u) { violating = (mask & (1u << r)) != 0u; } else if (live) { violating = (flags[flag_base + r / 32u] & (1u << (r % 32u))) != 0u; }
      if (live && violating) {
        let negative = (rows[p - window.base] & 0x80000000u) != 0u;
        let update = select(step * c.positive_weight, -(step * c.negative_weight), negative);
        if (update != 0.0) {
          let scaled = update / s.wscale;
          for (var e = lo + lane; e < hi; e += LANES) {
            var j: u32;
            var value: f32;
            if (staged) {
              j = tile_index[e - tile_lo];
              value = tile_value[e - tile_lo];
            } else {
              j = indices[e];
              value = values[e];
            }
            let at = j * K + column;
            let delta = value * scaled;
            v[at] = v[at] + delta;
            if (averaging) { aw[at] = aw[at] - s.average_a * delta; }
          }
          if (c.fit_intercept != 0u) { s.bias = s.bias + update * c.intercept_decay; }
        }
      }
      storageBarrier();
    }
    // 4. the lazy running mean of the iterates (add_average), then the counter
    if (live) {
      if (averaging) {
        let t = f32(s.t);
        let mu = 1.0 / t;
        if (s.t > 1u) { s.average_b = s.average_b / (1.0 - mu); }
        s.average_a = s.average_a + mu * s.average_b * s.wscale;
        s.average_bias = s.average_bias + (s.bias - s.average_bias) / t;
      }
      s.t = s.t + 1u;
    }
  }
  if (lane == 0u) { states[column] = s; }
}

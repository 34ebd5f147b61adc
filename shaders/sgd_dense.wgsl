// K linear SVMs trained at once by SGD on the hinge loss over dense rows, each step the one stated
// in src/lib/ml/sgd.ts (scikit-learn's _plain_sgd with its WeightVector, in float32).
//
// A workgroup is GROUP configurations of the same seed slot and batch size, LANES invocations
// each: invocation (g, lane) holds features lane, lane + LANES, … (at most PER_LANE) of
// configuration g's v (and aw) in registers for the whole dispatch. A tile of rows of the
// epoch's order is staged once in workgroup memory and read by every configuration. Per row:
// each lane's partial dot product, one barrier, then every lane sums the LANES partials of its
// configuration in lane order (so all lanes hold the same margin, bit for bit, and no atomics),
// then the shrink and the update touch only registers. The steps of one configuration are
// sequential; the parallelism is configurations × features.

// Config, State, rate, is_finite: sgd_config.wgsl, prepended by the wrapper.

struct Window {
  columns: u32,       // weight columns (configurations padded to whole groups)
  d: u32,             // features
  n: u32,             // rows per epoch
  first: u32,         // batches starting at positions in [first, end) run in this dispatch
  end: u32,
  base: u32,          // the position of index[slot * stride + 0]
  stride: u32,        // index entries per seed slot (0: one slot's gathered window)
  reach: u32,         // positions below reach are in the index
  group_offset: u32,  // the first group of this dispatch
  epoch: u32,         // 1-based: recorded in State.failed when a margin overflows
  flag_words: u32,    // words of `flags` per (column, lane)
  tile_rows: u32,     // rows a tile holds: min(TILE_ROWS, TILE_FLOATS / d)
  // Path snapshots (gpu/sgd-path.ts), off when snap_every is 0: after the epoch's step that
  // brings the run's steps to a multiple of snap_every, snapshot snap_offset + steps / snap_every;
  // at the end of a dispatch that ends the epoch, snapshot snap_end unless it is NO_SNAPSHOT.
  snap_every: u32,
  snap_offset: u32,
  steps_before: u32,  // the run's steps before this epoch
  snap_end: u32,
}

@group(0) @binding(0) var<uniform> window: Window;
@group(0) @binding(1) var<storage, read> configs: array<Config>;
@group(0) @binding(2) var<storage, read_write> states: array<State>;
// Feature-major: v[j * columns + column].
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read_write> aw: array<f32>;
@group(0) @binding(5) var<storage, read> x: array<f32>;
// The row (within x) of each position; the top bit set means the label is −1.
@group(0) @binding(6) var<storage, read> index: array<u32>;
// Margin ≤ 1 flags of batch rows 32 and on, flag_words words per (column, lane).
@group(0) @binding(7) var<storage, read_write> flags: array<u32>;
// Per snapshot: the columns' weights v feature-major (f32 bits), then (wscale, bias, failed) per column.
@group(0) @binding(8) var<storage, read_write> snapshots: array<u32>;

override LANES: u32 = 4u;
override GROUP: u32 = 16u;
const TILE_FLOATS: u32 = 2048u;
const TILE_ROWS: u32 = 256u;
const PER_LANE: u32 = 8u;
const STAGE: u32 = 8u;              // loads in flight per invocation while staging
const NO_SNAPSHOT: u32 = 0xffffffffu;

var<workgroup> tile: array<f32, TILE_FLOATS>;
var<workgroup> tile_rows: array<u32, TILE_ROWS>;
// Two halves, used by alternate rows, so a row's partials are never overwritten while read.
var<workgroup> partials: array<f32, 2u * GROUP * LANES>;

// Positions [p, p + count) into the tile: their index entries, then their rows, STAGE loads
// issued before their stores. Called in uniform control flow only.
fn stage(p: u32, count: u32, index_base: u32, d: u32, lid: u32) {
  let size = GROUP * LANES;
  workgroupBarrier();
  for (var r = lid; r < count; r += size) { tile_rows[r] = index[index_base + p + r - window.base]; }
  workgroupBarrier();
  let total = count * d;
  for (var e0 = lid; e0 < total; e0 += size * STAGE) {
    var got: array<f32, STAGE>;
    for (var k = 0u; k < STAGE; k++) {
      let e = e0 + k * size;
      if (e < total) {
        let r = e / d;
        got[k] = x[(tile_rows[r] & 0x7fffffffu) * d + e - r * d];
      }
    }
    for (var k = 0u; k < STAGE; k++) {
      let e = e0 + k * size;
      if (e < total) { tile[e] = got[k]; }
    }
  }
  workgroupBarrier();
}

// This invocation's weights and (lane 0) its column's state into snapshot `at`. Written whether
// the column is live or not: a failed column's snapshots carry its `failed` epoch.
fn snapshot(at: u32, w: array<f32, PER_LANE>, s: State, lane: u32, column: u32) {
  let K = window.columns;
  let d = window.d;
  let base = at * K * (d + 3u);
  for (var m = 0u; m < PER_LANE; m++) {
    let j = lane + m * LANES;
    if (j < d) { snapshots[base + j * K + column] = bitcast<u32>(w[m]); }
  }
  if (lane == 0u) {
    let state = base + K * d + column * 3u;
    snapshots[state] = bitcast<u32>(s.wscale);
    snapshots[state + 1u] = bitcast<u32>(s.bias);
    snapshots[state + 2u] = s.failed;
  }
}

@compute @workgroup_size(GROUP * LANES)
fn train(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let size = GROUP * LANES;
  let group = wg.x + window.group_offset;
  let lead = configs[group * GROUP];
  let B = lead.batch;
  let index_base = lead.seed_slot * window.stride;
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
  var w: array<f32, PER_LANE>;
  var a: array<f32, PER_LANE>;
  for (var m = 0u; m < PER_LANE; m++) {
    let j = lane + m * LANES;
    if (j < d) {
      w[m] = v[j * K + column];
      if (averaging) { a[m] = aw[j * K + column]; }
    }
  }
  // A tile holds whole batches when a batch fits one.
  var capacity = window.tile_rows;
  if (B <= capacity) { capacity = capacity / B * B; }
  var tile_first = 0u;
  var tile_count = 0u;
  var half = 0u;
  let flag_base = (column * LANES + lane) * window.flag_words;

  for (var start = (window.first + B - 1u) / B * B; start < window.end; start += B) {
    let rows = min(B, n - start);
    let eta = rate(c, s.t);
    var mask = 0u;
    // 1. margins with the weights before this step
    for (var r = 0u; r < rows; r++) {
      let p = start + r;
      if (p < tile_first || p >= tile_first + tile_count) {
        tile_first = p;
        tile_count = min(capacity, window.reach - p);
        stage(p, tile_count, index_base, d, lid);
      }
      let at = (p - tile_first) * d;
      var partial = 0.0;
      for (var m = 0u; m < PER_LANE; m++) {
        let j = lane + m * LANES;
        if (j < d) {
          let value = tile[at + j];
          if (value != 0.0) { partial = partial + w[m] * value; }
        }
      }
      partials[half * size + lid] = partial;
      workgroupBarrier();
      var dot = 0.0;
      for (var l = 0u; l < LANES; l++) { dot = dot + partials[half * size + l * GROUP + g]; }
      half = 1u - half;
      if (live) {
        let score = s.wscale * dot + s.bias;
        let negative = (tile_rows[p - tile_first] & 0x80000000u) != 0u;
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
    // 2. the L2 shrink, one multiply; folded into v when wscale gets small (reset_wscale)
    if (live && c.alpha != 0.0) {
      let shrink = 1.0 - eta * c.alpha;
      s.wscale = select(0.0, s.wscale * shrink, shrink > 0.0);
      if (s.wscale < wscale_threshold(c)) {
        for (var m = 0u; m < PER_LANE; m++) {
          if (averaging) { a[m] = (a[m] + s.average_a * w[m]) / s.average_b; }
          w[m] = w[m] * s.wscale;
        }
        s.average_a = 0.0;
        s.average_b = 1.0;
        s.wscale = 1.0;
      }
    }
    // 3. the hinge subgradient of each row with margin ≤ 1, over its non-zeros
    let step = eta / f32(rows);
    for (var r = 0u; r < rows; r++) {
      let p = start + r;
      if (p < tile_first || p >= tile_first + tile_count) {
        tile_first = p;
        tile_count = min(capacity, window.reach - p);
        stage(p, tile_count, index_base, d, lid);
      }
      var violating = false;
      if (r < 32u) { violating = (mask & (1u << r)) != 0u; } else if (live) { violating = (flags[flag_base + r / 32u] & (1u << (r % 32u))) != 0u; }
      if (live && violating) {
        let negative = (tile_rows[p - tile_first] & 0x80000000u) != 0u;
        let update = select(step * c.positive_weight, -(step * c.negative_weight), negative);
        if (update != 0.0) {
          let scaled = update / s.wscale;
          let at = (p - tile_first) * d;
          for (var m = 0u; m < PER_LANE; m++) {
            let j = lane + m * LANES;
            if (j < d) {
              let value = tile[at + j];
              if (value != 0.0) {
                let delta = value * scaled;
                w[m] = w[m] + delta;
                if (averaging) { a[m] = a[m] - s.average_a * delta; }
              }
            }
          }
          if (c.fit_intercept != 0u) { s.bias = s.bias + update * c.intercept_decay; }
        }
      }
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
    if (window.snap_every != 0u) {
      let steps = window.steps_before + start / B + 1u;
      if (steps % window.snap_every == 0u) { snapshot(window.snap_offset + steps / window.snap_every, w, s, lane, column); }
    }
  }
  if (window.snap_end != NO_SNAPSHOT && window.end >= n) { snapshot(window.snap_end, w, s, lane, column); }

  for (var m = 0u; m < PER_LANE; m++) {
    let j = lane + m * LANES;
    if (j < d) {
      v[j * K + column] = w[m];
      if (averaging) { aw[j * K + column] = a[m]; }
    }
  }
  if (lane == 0u) { states[column] = s; }
}

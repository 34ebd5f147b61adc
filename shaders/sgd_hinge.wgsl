// K linear SVMs trained at once by SGD on the hinge loss with an L2 penalty: one invocation per
// configuration, walking the epoch's rows in its seed's order. Every step is the float32 step of
// src/lib/ml/sgd.ts in the same order (margins before the shrink, one shrink per step, updates of
// the violating rows in batch order, then the running mean), so the two agree to 1e-4 relative.
// Weights are stored feature-major (w[j * K + k]) so neighbouring invocations touch neighbouring
// words. The full-data objective per epoch is two more entry points: partial sums of the hinge
// over fixed blocks of rows, then one ordered (compensated) sum per configuration — no atomics,
// so the same inputs give the same bits.

// Config and State: sgd_config.wgsl, prepended by the wrapper.

struct Window {
  k: u32,             // configurations
  d: u32,             // features
  n: u32,             // rows per epoch
  first: u32,         // batches starting at positions in [first, end) run in this dispatch
  end: u32,
  base: u32,          // position of index[slot * stride + 0]
  stride: u32,        // index entries per seed slot
  only_slot: u32,     // 0xffffffff: every configuration; else only those of this seed slot
}

@group(0) @binding(0) var<uniform> window: Window;
@group(0) @binding(1) var<storage, read> configs: array<Config>;
@group(0) @binding(2) var<storage, read_write> states: array<State>;
@group(0) @binding(3) var<storage, read_write> w: array<f32>;
@group(0) @binding(4) var<storage, read_write> average_w: array<f32>;
@group(0) @binding(5) var<storage, read> x: array<f32>;
// Row (within the bound x) of each position; the top bit set means the label is −1.
@group(0) @binding(6) var<storage, read> index: array<u32>;
// One bit per row of a batch: margin < 1, decided before the shrink. ceil(maxBatch/32) words each.
@group(0) @binding(7) var<storage, read_write> violating: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;
override FLAG_WORDS: u32 = 1u;

fn rate(c: Config, t: u32) -> f32 {
  if (c.schedule == 0u) { return c.eta0; }
  if (c.schedule == 1u) { return 1.0 / (c.alpha * (c.optimal_init + f32(t) - 1.0)); }
  if (c.schedule == 2u) { return c.eta0 / pow(f32(t), c.power_t); }
  return c.adaptive_eta;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn train(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  if (k >= window.k) { return; }
  let c = configs[k];
  if (c.running == 0u || (window.only_slot != 0xffffffffu && c.seed_slot != window.only_slot)) { return; }
  let K = window.k;
  let d = window.d;
  let B = c.batch;
  var s = states[k];
  let flags = k * FLAG_WORDS;
  let index_base = c.seed_slot * window.stride;

  for (var start = ((window.first + B - 1u) / B) * B; start < window.end; start += B) {
    let size = min(B, window.n - start);
    let eta = rate(c, s.t);
    // 1. margins with the weights before this step
    for (var r = 0u; r < size; r++) {
      let entry = index[index_base + start + r - window.base];
      let row = entry & 0x7fffffffu;
      var sum = 0.0;
      for (var j = 0u; j < d; j++) { sum = sum + w[j * K + k] * x[row * d + j]; }
      let value = sum + s.bias;
      let margin = select(value, -value, (entry & 0x80000000u) != 0u);
      let word = flags + r / 32u;
      let bit = 1u << (r % 32u);
      if (margin < 1.0) { violating[word] |= bit; } else { violating[word] &= ~bit; }
    }
    // 2. one L2 shrink per step
    let scale = max(0.0, 1.0 - eta * c.alpha);
    if (scale != 1.0) {
      for (var j = 0u; j < d; j++) { w[j * K + k] = w[j * K + k] * scale; }
    }
    // 3. hinge subgradient of the violating rows, averaged over the batch
    let step = eta / f32(size);
    for (var r = 0u; r < size; r++) {
      if ((violating[flags + r / 32u] & (1u << (r % 32u))) == 0u) { continue; }
      let entry = index[index_base + start + r - window.base];
      let row = entry & 0x7fffffffu;
      let negative = (entry & 0x80000000u) != 0u;
      let u = select(step * c.positive_weight, -step * c.negative_weight, negative);
      for (var j = 0u; j < d; j++) { w[j * K + k] = w[j * K + k] + u * x[row * d + j]; }
      if (c.fit_intercept != 0u) { s.bias = s.bias + u; }
    }
    // 4. running mean of the iterates
    if (c.average != 0u) {
      let t = f32(s.t);
      for (var j = 0u; j < d; j++) {
        let at = j * K + k;
        average_w[at] = average_w[at] + (w[at] - average_w[at]) / t;
      }
      s.average_bias = s.average_bias + (s.bias - s.average_bias) / t;
    }
    s.t = s.t + 1u;
  }
  states[k] = s;
}

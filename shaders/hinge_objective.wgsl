// The objective (mean class-weighted hinge + α/2‖w‖²) of every running column after an epoch, as
// src/lib/ml/sgd.ts reports it: after a configuration's last epoch the exact full-data objective
// of the model SGD returns (w = wscale·v, or the average (aw + a·v)/B, formed on the fly as
// ml/weight-vector.ts's materialise does) with the hinge over every row (ml/hinge.ts); after
// the others sklearn's running estimate, the hinge of the epoch's rows as they were visited
// (State's losses) — only ‖w‖² then needs a pass, over the features. Sums in float32,
// compensated (Kahan), in a fixed order: deterministic, and close to the CPU's float64 sums.
// `partial_dense` / `partial_csr` sum the hinge over one block of rows for one exact column,
// `sum_squares` sums w² over one block of features, `finish` adds the blocks in order and checks
// the model.

// Config, State, is_finite: sgd_config.wgsl, prepended by the wrapper.

struct Pass {
  columns: u32,
  d: u32,
  rows: u32,            // rows in the bound chunk
  block_rows: u32,      // rows summed by one invocation
  first_block: u32,     // the global block number of this chunk's first block
  blocks: u32,          // row blocks over all chunks (the row stride of `partials`)
  n: u32,               // rows over all chunks
  slot: u32,            // finish: where this epoch goes in `objectives` and `status` (epoch · columns)
  block_features: u32,  // features summed by one `squares` invocation
  feature_blocks: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> pass_info: Pass;
@group(0) @binding(1) var<storage, read> configs: array<Config>;
@group(0) @binding(2) var<storage, read> states: array<State>;
@group(0) @binding(3) var<storage, read> v: array<f32>;
@group(0) @binding(4) var<storage, read> aw: array<f32>;
// Dense chunks: row-major x and ±1 labels.
@group(0) @binding(5) var<storage, read> x: array<f32>;
@group(0) @binding(6) var<storage, read> y: array<f32>;
@group(0) @binding(7) var<storage, read_write> partials: array<f32>;
// CSR chunks: rows[i] = first pair of row i (top bit set: label −1), rows[rows] = pairs.
@group(0) @binding(8) var<storage, read> rows: array<u32>;
@group(0) @binding(9) var<storage, read> indices: array<u32>;
@group(0) @binding(10) var<storage, read> values: array<f32>;
// columns × feature_blocks: Σ w² of a block, or −1 when the block holds a non-finite weight.
@group(0) @binding(11) var<storage, read_write> squares: array<f32>;
@group(0) @binding(12) var<storage, read_write> objectives: array<f32>;
// 0 finite; 1 a weight, 2 the intercept, 3 the objective is not finite.
@group(0) @binding(13) var<storage, read_write> status: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

fn weight(s: State, averaging: bool, at: u32) -> f32 {
  if (averaging) { return (aw[at] + s.average_a * v[at]) / s.average_b; }
  return s.wscale * v[at];
}

fn model_bias(s: State, averaging: bool) -> f32 {
  return select(s.bias, s.average_bias, averaging);
}

struct Kahan {
  sum: f32,
  carry: f32,
}

fn kahan_add(k: Kahan, value: f32) -> Kahan {
  let term = value - k.carry;
  let next = k.sum + term;
  return Kahan(next, (next - k.sum) - term);
}

fn hinge(c: Config, score: f32, negative: bool) -> f32 {
  let margin = select(score, -score, negative);
  if (margin < 1.0) { return (1.0 - margin) * select(c.positive_weight, c.negative_weight, negative); }
  return 0.0;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn partial_dense(@builtin(global_invocation_id) id: vec3<u32>) {
  let column = id.x;
  let block = id.y;
  let K = pass_info.columns;
  let d = pass_info.d;
  if (column >= K) { return; }
  let c = configs[column];
  if (c.running == 0u || c.exact_objective == 0u) { return; }
  let s = states[column];
  let averaging = c.average != 0u;
  let bias = model_bias(s, averaging);
  let first = block * pass_info.block_rows;
  let last = min(first + pass_info.block_rows, pass_info.rows);
  var total = Kahan(0.0, 0.0);
  for (var row = first; row < last; row++) {
    var sum = 0.0;
    for (var j = 0u; j < d; j++) {
      let value = x[row * d + j];
      if (value != 0.0) { sum = sum + weight(s, averaging, j * K + column) * value; }
    }
    let loss = hinge(c, sum + bias, y[row] < 0.0);
    if (loss != 0.0) { total = kahan_add(total, loss); }
  }
  if (first < pass_info.rows) { partials[column * pass_info.blocks + pass_info.first_block + block] = total.sum; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn partial_csr(@builtin(global_invocation_id) id: vec3<u32>) {
  let column = id.x;
  let block = id.y;
  let K = pass_info.columns;
  if (column >= K) { return; }
  let c = configs[column];
  if (c.running == 0u || c.exact_objective == 0u) { return; }
  let s = states[column];
  let averaging = c.average != 0u;
  let bias = model_bias(s, averaging);
  let first = block * pass_info.block_rows;
  let last = min(first + pass_info.block_rows, pass_info.rows);
  var total = Kahan(0.0, 0.0);
  for (var row = first; row < last; row++) {
    let head = rows[row];
    let end = rows[row + 1u] & 0x7fffffffu;
    var sum = 0.0;
    for (var e = head & 0x7fffffffu; e < end; e++) {
      sum = sum + weight(s, averaging, indices[e] * K + column) * values[e];
    }
    let loss = hinge(c, sum + bias, (head & 0x80000000u) != 0u);
    if (loss != 0.0) { total = kahan_add(total, loss); }
  }
  if (first < pass_info.rows) { partials[column * pass_info.blocks + pass_info.first_block + block] = total.sum; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn sum_squares(@builtin(global_invocation_id) id: vec3<u32>) {
  let column = id.x;
  let block = id.y;
  let K = pass_info.columns;
  if (column >= K || block >= pass_info.feature_blocks || configs[column].running == 0u) { return; }
  let s = states[column];
  let averaging = configs[column].average != 0u;
  let first = block * pass_info.block_features;
  let last = min(first + pass_info.block_features, pass_info.d);
  var total = Kahan(0.0, 0.0);
  var finite = true;
  for (var j = first; j < last; j++) {
    let value = weight(s, averaging, j * K + column);
    finite = finite && is_finite(value);
    total = kahan_add(total, value * value);
  }
  squares[column * pass_info.feature_blocks + block] = select(-1.0, total.sum, finite);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(global_invocation_id) id: vec3<u32>) {
  let column = id.x;
  let K = pass_info.columns;
  if (column >= K) { return; }
  let c = configs[column];
  if (c.running == 0u) { return; }
  let s = states[column];
  var hinges = Kahan(0.0, 0.0);
  if (c.exact_objective != 0u) {
    for (var b = 0u; b < pass_info.blocks; b++) { hinges = kahan_add(hinges, partials[column * pass_info.blocks + b]); }
  } else {
    hinges = kahan_add(kahan_add(hinges, c.positive_weight * s.loss_positive), c.negative_weight * s.loss_negative);
  }
  var norm = Kahan(0.0, 0.0);
  var finite = true;
  for (var b = 0u; b < pass_info.feature_blocks; b++) {
    let block = squares[column * pass_info.feature_blocks + b];
    // −1 marks a non-finite weight; finite weights whose squares overflow give +∞ or NaN (not < 0),
    // and the objective check below fails them.
    finite = finite && !(block < 0.0);
    norm = kahan_add(norm, block);
  }
  let objective = hinges.sum / f32(pass_info.n) + 0.5 * c.alpha * norm.sum;
  // In the CPU trainer's order (ml/sgd-checks.ts): the intercept, the weights, the objective.
  var code = 0u;
  if (!is_finite(model_bias(s, c.average != 0u))) {
    code = 2u;
  } else if (!finite) {
    code = 1u;
  } else if (!is_finite(objective)) {
    code = 3u;
  }
  objectives[pass_info.slot + column] = objective;
  status[pass_info.slot + column] = code;
}

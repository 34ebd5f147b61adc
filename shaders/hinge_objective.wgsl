// The full-data objective (mean weighted hinge + α/2‖w‖²) of K models, as src/lib/ml/hinge.ts
// computes it: decision values in float32 in feature order, sums compensated (Kahan) in a fixed
// order so the result is deterministic and close to the CPU's float64 sum.
// `partial` sums the hinge of one block of rows for one model; `finish` adds the blocks in order.

// Config and State: sgd_config.wgsl, prepended by the wrapper.

struct Pass {
  k: u32,
  d: u32,
  rows: u32,          // rows in the bound chunk of x
  block_rows: u32,    // rows summed by one invocation
  first_block: u32,   // global block number of this chunk's first block
  blocks: u32,        // blocks over all chunks (row stride of `partials`)
  n: u32,             // rows over all chunks
  slot: u32,          // finish: where in `objectives` this epoch goes (epoch * k)
}

@group(0) @binding(0) var<uniform> pass_info: Pass;
@group(0) @binding(1) var<storage, read> configs: array<Config>;
@group(0) @binding(2) var<storage, read> states: array<State>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> average_w: array<f32>;
@group(0) @binding(5) var<storage, read> x: array<f32>;
@group(0) @binding(6) var<storage, read> y: array<f32>;
@group(0) @binding(7) var<storage, read_write> partials: array<f32>;

@group(0) @binding(8) var<storage, read_write> objectives: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

fn weight(c: Config, at: u32) -> f32 {
  if (c.average != 0u) { return average_w[at]; }
  return w[at];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn partial(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  let block = id.y;
  let K = pass_info.k;
  let d = pass_info.d;
  if (k >= K) { return; }
  let c = configs[k];
  let bias = select(states[k].bias, states[k].average_bias, c.average != 0u);
  let first = block * pass_info.block_rows;
  let last = min(first + pass_info.block_rows, pass_info.rows);
  var total = 0.0;
  var carry = 0.0;
  for (var row = first; row < last; row++) {
    var sum = 0.0;
    for (var j = 0u; j < d; j++) { sum = sum + weight(c, j * K + k) * x[row * d + j]; }
    let label = y[row];
    let margin = label * (sum + bias);
    if (margin < 1.0) {
      let loss = (1.0 - margin) * select(c.negative_weight, c.positive_weight, label > 0.0);
      let term = loss - carry;
      let next = total + term;
      carry = (next - total) - term;
      total = next;
    }
  }
  if (first < pass_info.rows) { partials[k * pass_info.blocks + pass_info.first_block + block] = total; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(global_invocation_id) id: vec3<u32>) {
  let k = id.x;
  let K = pass_info.k;
  if (k >= K) { return; }
  let c = configs[k];
  var total = 0.0;
  var carry = 0.0;
  for (var b = 0u; b < pass_info.blocks; b++) {
    let term = partials[k * pass_info.blocks + b] - carry;
    let next = total + term;
    carry = (next - total) - term;
    total = next;
  }
  var squares = 0.0;
  var square_carry = 0.0;
  for (var j = 0u; j < pass_info.d; j++) {
    let value = weight(c, j * K + k);
    let term = value * value - square_carry;
    let next = squares + term;
    square_carry = (next - squares) - term;
    squares = next;
  }
  objectives[pass_info.slot + k] = total / f32(pass_info.n) + 0.5 * c.alpha * squares;
}

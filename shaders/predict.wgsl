// Scores and labels of K linear models over M rows, dense (`main`) or CSR (`main_csr`): one
// invocation per (model, row), the decision value in float32 over the row's non-zeros in feature
// order, as src/lib/ml/hinge.ts's decisionValue computes it, so the labels agree exactly except at
// scores that round to ±0. The weights are feature-major (coef[j * k + model]), so neighbouring
// invocations (neighbouring models) read neighbouring words.

struct Batch {
  k: u32,
  d: u32,
  rows: u32,
  pad: u32,
}

@group(0) @binding(0) var<uniform> batch: Batch;
@group(0) @binding(1) var<storage, read> coef: array<f32>;
@group(0) @binding(2) var<storage, read> intercept: array<f32>;
// rows × K: scores[row * K + k]
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;
// 1 where the score is > 0 (the binary positive class), else 0
@group(0) @binding(4) var<storage, read_write> labels: array<u32>;
// Dense rows, row-major.
@group(0) @binding(5) var<storage, read> x: array<f32>;
// CSR rows: rows[i] = the first pair of row i within this chunk, rows[rows] = pairs.
@group(0) @binding(6) var<storage, read> rows: array<u32>;
@group(0) @binding(7) var<storage, read> indices: array<u32>;
@group(0) @binding(8) var<storage, read> values: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

fn write(k: u32, row: u32, sum: f32) {
  let score = sum + intercept[k];
  scores[row * batch.k + k] = score;
  labels[row * batch.k + k] = select(0u, 1u, score > 0.0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = id.x;
  let row = id.y + id.z * groups.y;
  if (k >= batch.k || row >= batch.rows) { return; }
  let d = batch.d;
  var sum = 0.0;
  for (var j = 0u; j < d; j++) {
    let value = x[row * d + j];
    if (value != 0.0) { sum = sum + coef[j * batch.k + k] * value; }
  }
  write(k, row, sum);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_csr(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = id.x;
  let row = id.y + id.z * groups.y;
  if (k >= batch.k || row >= batch.rows) { return; }
  var sum = 0.0;
  for (var e = rows[row]; e < rows[row + 1u]; e++) { sum = sum + coef[indices[e] * batch.k + k] * values[e]; }
  write(k, row, sum);
}

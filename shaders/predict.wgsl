// Scores and labels of K linear models (rows of coef) over M rows of x: one invocation per
// (model, row), the decision value in float32 in feature order as src/lib/ml/predict.ts (and
// hinge.ts) compute it, so the labels agree exactly except at scores that round to ±0.

struct Batch {
  k: u32,
  d: u32,
  rows: u32,
  pad: u32,
}

@group(0) @binding(0) var<uniform> batch: Batch;
// K × d, row-major (LinearModel.coef)
@group(0) @binding(1) var<storage, read> coef: array<f32>;
@group(0) @binding(2) var<storage, read> intercept: array<f32>;
@group(0) @binding(3) var<storage, read> x: array<f32>;
// rows × K: scores[row * K + k]
@group(0) @binding(4) var<storage, read_write> scores: array<f32>;
// 1 where the score is > 0 (the binary positive class), else 0
@group(0) @binding(5) var<storage, read_write> labels: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = id.x;
  let row = id.y + id.z * groups.y;
  if (k >= batch.k || row >= batch.rows) { return; }
  let d = batch.d;
  var sum = 0.0;
  for (var j = 0u; j < d; j++) { sum = sum + coef[k * d + j] * x[row * d + j]; }
  let score = sum + intercept[k];
  scores[row * batch.k + k] = score;
  labels[row * batch.k + k] = select(0u, 1u, score > 0.0);
}

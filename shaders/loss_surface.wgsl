// The hinge objective over a resolution² grid of a plane of weights,
//   w(a, b) = center + a·u + b·v,  bias fixed,
// as src/lib/ml/loss-surface.ts computes it: one invocation per grid point, decision values in
// float32 in feature order, the hinge summed with compensation (Kahan) in row order. Rows come
// in chunks: `sums` carries (sum, compensation) from one chunk to the next, and the last chunk
// writes the objective.

struct Surface {
  resolution: u32,
  d: u32,
  rows: u32,          // rows in this chunk
  n: u32,             // rows over all chunks
  first_chunk: u32,   // 1: start the sums at 0
  last_chunk: u32,    // 1: write objective = sum / n + α/2‖w‖²
  pad0: u32,
  pad1: u32,
  alpha: f32,
  bias: f32,
  a_min: f32,
  a_max: f32,
  b_min: f32,
  b_max: f32,
  pad2: f32,
  pad3: f32,
}

@group(0) @binding(0) var<uniform> surface: Surface;
// center (d values), then u (d), then v (d)
@group(0) @binding(1) var<storage, read> plane: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@group(0) @binding(3) var<storage, read> y: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums: array<vec2<f32>>;
@group(0) @binding(5) var<storage, read_write> objective: array<f32>;

override WORKGROUP_SIZE: u32 = 8u;

fn coordinate(i: u32, low: f32, high: f32) -> f32 {
  if (surface.resolution == 1u) { return low; }
  return low + (high - low) * f32(i) / f32(surface.resolution - 1u);
}

fn weight(j: u32, a: f32, b: f32) -> f32 {
  let d = surface.d;
  return plane[j] + a * plane[d + j] + b * plane[2u * d + j];
}

@compute @workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let res = surface.resolution;
  if (id.x >= res || id.y >= res) { return; }
  let point = id.y * res + id.x;
  let a = coordinate(id.x, surface.a_min, surface.a_max);
  let b = coordinate(id.y, surface.b_min, surface.b_max);
  let d = surface.d;
  var carried = vec2<f32>(0.0, 0.0);
  if (surface.first_chunk == 0u) { carried = sums[point]; }
  var total = carried.x;
  var carry = carried.y;
  for (var row = 0u; row < surface.rows; row++) {
    var sum = 0.0;
    for (var j = 0u; j < d; j++) { sum = sum + weight(j, a, b) * x[row * d + j]; }
    let margin = y[row] * (sum + surface.bias);
    if (margin < 1.0) {
      let term = (1.0 - margin) - carry;
      let next = total + term;
      carry = (next - total) - term;
      total = next;
    }
  }
  sums[point] = vec2<f32>(total, carry);
  if (surface.last_chunk == 1u) {
    var squares = 0.0;
    for (var j = 0u; j < d; j++) {
      let value = weight(j, a, b);
      squares = squares + value * value;
    }
    objective[point] = total / f32(surface.n) + 0.5 * surface.alpha * squares;
  }
}

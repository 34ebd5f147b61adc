// The per-column records shared by sgd_dense.wgsl, sgd_csr.wgsl and hinge_objective.wgsl (the
// wrapper src/lib/gpu/sgd-layout.ts prepends this file and writes these bytes: keep the two in
// step). A column is one configuration's weights; columns are padded to whole workgroups, and a
// padding column has running = 0.

struct Config {
  alpha: f32,
  eta0: f32,
  power_t: f32,
  optimal_init: f32,
  positive_weight: f32,
  negative_weight: f32,
  intercept_decay: f32,  // 1 for dense data, 0.01 for CSR (sklearn's SPARSE_INTERCEPT_DECAY)
  adaptive_eta: f32,     // the adaptive schedule's current rate, kept by the host
  schedule: u32,         // 0 constant, 1 optimal, 2 invscaling, 3 adaptive
  batch: u32,
  average: u32,
  fit_intercept: u32,
  seed_slot: u32,
  running: u32,          // 0: finished its epochs, stopped (adaptive) or padding; rewritten each epoch
  exact_objective: u32,  // 1: this epoch is the configuration's last, its objective the exact one
  pad0: u32,
}

// scikit-learn's WeightVector state: the weights are wscale · v, the averaged weights
// (aw + average_a · v) / average_b; the vectors v and aw live in their own buffers.
struct State {
  t: u32,                // the step counter, 1 before the first step
  wscale: f32,
  bias: f32,
  average_a: f32,
  average_b: f32,
  average_bias: f32,
  // This epoch's Σ max(0, 1 − margin) over its +1 and −1 rows as visited, Kahan-summed: together
  // sklearn's sumloss (the adaptive schedule's), weighted by class the running objective.
  loss_positive: f32,
  carry_positive: f32,
  loss_negative: f32,
  carry_negative: f32,
  failed: u32,           // the epoch in which a margin became non-finite (training stops), 0: none
  pad0: u32,
}

fn rate(c: Config, t: u32) -> f32 {
  if (c.schedule == 0u) { return c.eta0; }
  if (c.schedule == 1u) { return 1.0 / (c.alpha * (c.optimal_init + f32(t) - 1.0)); }
  if (c.schedule == 2u) { return c.eta0 / pow(f32(t), c.power_t); }
  return c.adaptive_eta;
}

// No isinf/isnan in WGSL, and a compiler may fold x != x away: test the exponent bits.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// Kahan-adds the hinge of a margin to its label's running loss.
fn add_loss(s: ptr<function, State>, margin: f32, negative: bool) {
  if (margin >= 1.0) { return; }
  if (negative) {
    let term = (1.0 - margin) - (*s).carry_negative;
    let next = (*s).loss_negative + term;
    (*s).carry_negative = (next - (*s).loss_negative) - term;
    (*s).loss_negative = next;
  } else {
    let term = (1.0 - margin) - (*s).carry_positive;
    let next = (*s).loss_positive + term;
    (*s).carry_positive = (next - (*s).loss_positive) - term;
    (*s).loss_positive = next;
  }
}

// sklearn folds wscale into v below 1e-9; with averaging Descent folds below 1e-2, since
// (aw + a·v) / B cancels away float32's digits as wscale falls (ml/weight-vector.ts).
fn wscale_threshold(c: Config) -> f32 {
  return select(1e-9, 1e-2, c.average != 0u);
}

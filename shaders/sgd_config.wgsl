// The per-configuration records shared by sgd_hinge.wgsl and hinge_objective.wgsl (the wrapper
// src/lib/gpu/sgd-layout.ts prepends this file and writes these bytes: keep the two in step).

struct Config {
  alpha: f32,
  eta0: f32,
  power_t: f32,
  optimal_init: f32,
  positive_weight: f32,
  negative_weight: f32,
  schedule: u32,      // 0 constant, 1 optimal, 2 invscaling, 3 adaptive
  batch: u32,
  average: u32,
  fit_intercept: u32,
  seed_slot: u32,
  running: u32,       // 0: finished its epochs or stopped (adaptive); the host rewrites it each epoch
  adaptive_eta: f32,  // the adaptive schedule's current rate, kept by the host
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

struct State {
  t: u32,             // the update counter of sgd.ts, 1 before the first step
  bias: f32,
  average_bias: f32,
  pad: u32,
}

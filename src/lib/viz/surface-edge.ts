/**
 * Where a diverging SGD path leaves the picture: its points up to the last one inside the box,
 * then the point where the next segment crosses the box's edge. The map then shows the path
 * stopping at the edge with a mark instead of a line scribbled off to infinity.
 */

export interface EdgeStop {
	/** (a, b) pairs, oldest first: the points inside, then the crossing point when it left. */
	points: Float32Array;
	/** The path left the box (its last point is on the edge). */
	stopped: boolean;
}

/**
 * Cuts `points` ((a, b) pairs) at its first exit from [aMin, aMax] × [bMin, bMax]. A path that
 * starts outside is returned whole (the start is the user's choice, and clipping shows it).
 */
export function stopAtEdge(points: Float32Array, [aMin, aMax]: [number, number], [bMin, bMax]: [number, number]): EdgeStop {
	const inside = (a: number, b: number) => a >= aMin && a <= aMax && b >= bMin && b <= bMax;
	const count = points.length / 2;
	if (count === 0 || !inside(points[0]!, points[1]!)) return { points, stopped: false };
	for (let k = 1; k < count; k++) {
		const a = points[2 * k]!;
		const b = points[2 * k + 1]!;
		if (inside(a, b)) continue;
		const a0 = points[2 * k - 2]!;
		const b0 = points[2 * k - 1]!;
		// The largest t in [0, 1] keeping a0 + t(a − a0), b0 + t(b − b0) in the box.
		let t = 1;
		if (a > aMax) t = Math.min(t, (aMax - a0) / (a - a0));
		if (a < aMin) t = Math.min(t, (aMin - a0) / (a - a0));
		if (b > bMax) t = Math.min(t, (bMax - b0) / (b - b0));
		if (b < bMin) t = Math.min(t, (bMin - b0) / (b - b0));
		// A step to ±Infinity or NaN has no direction: stop at the last point inside.
		if (!Number.isFinite(t)) t = 0;
		const out = new Float32Array(2 * k + 2);
		out.set(points.subarray(0, 2 * k));
		out[2 * k] = a0 + t * (a - a0);
		out[2 * k + 1] = b0 + t * (b - b0);
		return { points: out, stopped: true };
	}
	return { points, stopped: false };
}

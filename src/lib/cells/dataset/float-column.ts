/**
 * Float32 values of one column as rows arrive, in one array reserved for the rows the file is
 * expected to hold (`reserve`, from its size), so nothing is copied while it fills and the column
 * is that array at the end: no doubling and no final copy, whose garbage would double the peak
 * memory of a large file. Grown by a quarter, with a copy, only when the estimate fell short.
 */
export class FloatColumn {
	#values = new Float32Array(1 << 12);
	#count = 0;
	push(value: number): void {
		if (this.#count === this.#values.length) this.reserve(Math.ceil(this.#values.length * 1.25));
		this.#values[this.#count++] = value;
	}
	reserve(rows: number): void {
		if (rows <= this.#values.length) return;
		const grown = new Float32Array(rows);
		grown.set(this.#values.subarray(0, this.#count));
		this.#values = grown;
	}
	/** The values; a view of the reserved array when little of it is unused (at most 1/16), else an exact copy. */
	finish(): Float32Array {
		const unused = this.#values.length - this.#count;
		return unused <= this.#count / 16 + 1024 ? this.#values.subarray(0, this.#count) : this.#values.slice(0, this.#count);
	}
}

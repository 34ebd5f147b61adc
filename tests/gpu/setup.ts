/** Dawn (the `webgpu` package) on SwiftShader: one device shared by a test file. */
import { create, globals } from 'webgpu';
import { acquireGpu, type GpuContext } from '../../src/lib/gpu/device';

Object.assign(globalThis, globals);

// Held for the life of the process: if Dawn's instance is garbage-collected while a device
// lives, the process aborts on a mutex.
export const instance = create([]);

export async function testGpu(): Promise<GpuContext> {
	const context = await acquireGpu(instance);
	if (!context) throw new Error('no WebGPU adapter: is VK_ICD_FILENAMES pointing at SwiftShader?');
	return context;
}

/**
 * The two codecs Arrow IPC compresses record-batch buffers with (the format's `BodyCompression`:
 * LZ4_FRAME and ZSTD), registered as decoders in apache-arrow's compressionRegistry, which ships
 * none: without them a compressed file fails at its first batch. pandas' `to_feather` (pyarrow)
 * writes LZ4 by default, and polars' and pyarrow's IPC writers offer both. The LZ4 frame format
 * is read by lz4js, Zstandard by fzstd (the decoder hyparquet-compressors uses for Parquet).
 * Importing this module registers them, once per realm.
 */
import { compressionRegistry, CompressionType } from 'apache-arrow';
import { decompress as decompressZstd } from 'fzstd';
import { decompress as decompressLz4Frame } from 'lz4js';

compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (bytes: Uint8Array) => decompressLz4Frame(bytes) });
compressionRegistry.set(CompressionType.ZSTD, { decode: (bytes: Uint8Array) => decompressZstd(bytes) });

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payloadByteLength } from '../../src/labels/dtype.ts';
import {
  DEFAULT_MAX_DECLARED_VOXELS,
  DTYPES,
  type Dtype,
  ITEMSIZE,
  type JobMessage,
  type ParseOptions,
  type PreviewHeader,
  parseServerMessage,
} from '../../src/protocol/index.ts';

type PreviewData = Record<string, unknown>;

function previewText(data: PreviewData, envelope: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'preview', job_id: 'job-1', data: { shape: [2, 2, 2], dtype: 'uint8', payload: 'AAAAAAAAAAA=', ...data }, ...envelope });
}

function header(data: PreviewData, options: ParseOptions = {}, envelope: Record<string, unknown> = {}): PreviewHeader {
  const result = parseServerMessage(previewText(data, envelope), options);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  assert.equal(result.message.kind, 'preview');
  return (result.message as Extract<JobMessage, { kind: 'preview' }>).header;
}

function rejection(data: PreviewData, options: ParseOptions = {}) {
  const result = parseServerMessage(previewText(data), options);
  assert.equal(result.ok, false, 'the preview must be rejected');
  return result.ok ? assert.fail() : result.error;
}

const TYPED_ARRAYS: Record<Dtype, { BYTES_PER_ELEMENT: number }> = {
  bool: Uint8Array, uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array,
  int32: Int32Array, uint64: BigUint64Array, int64: BigInt64Array, float32: Float32Array, float64: Float64Array,
};

describe('preview dtypes', () => {
  for (const dtype of DTYPES) {
    it(`accepts a ${dtype} preview whose payload holds ${ITEMSIZE[dtype]} byte(s) per voxel`, () => {
      const payload = Buffer.alloc(2 * 3 * 4 * ITEMSIZE[dtype]).toString('base64');
      const h = header({ dtype, shape: [2, 3, 4], payload });
      assert.equal(h.dtype, dtype);
      assert.equal(payloadByteLength(h.shape, h.dtype), Buffer.from(payload, 'base64').length);
    });
  }

  it('gives every dtype the item size of its typed array', () => {
    for (const dtype of DTYPES) assert.equal(ITEMSIZE[dtype], TYPED_ARRAYS[dtype].BYTES_PER_ELEMENT, dtype);
  });

  for (const dtype of ['complex64', '<U8', 'float16', 'UINT8', '<f4', 'object', '']) {
    it(`rejects dtype ${JSON.stringify(dtype)} under the dtype rule, naming the dtypes it accepts`, () => {
      const error = rejection({ dtype });
      assert.equal(error.rule, 'dtype');
      assert.equal(error.field, 'data.dtype');
      assert.match(error.message, /expected one of bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64, float32, float64/);
      assert.equal(error.jobId, 'job-1');
    });
  }

  it('rejects a missing dtype under the dtype rule', () => {
    assert.equal(rejection({ dtype: undefined }).rule, 'dtype');
  });
});

describe('preview spacing', () => {
  it('divides original_shape by shape per axis and reorders [z,y,x] to [x,y,z]', () => {
    const h = header({ shape: [10, 20, 40], original_shape: [30, 100, 80], scale: [9, 9, 9] });
    assert.deepEqual(h.spacing, [80 / 40, 100 / 20, 30 / 10]);
    assert.deepEqual(h.originalShape, [30, 100, 80]);
  });

  it('places the CryoMamba [32,64,64] preview of a [64,256,256] volume at spacing [4,4,2]', () => {
    const h = header({ shape: [32, 64, 64], original_shape: [64, 256, 256], scale: [0.25, 0.25, 0.5] }, { frame: 'binary' });
    assert.deepEqual(h.spacing, [4, 4, 2]);
  });

  it('uses scale [x,y,z] as the spacing when original_shape is absent', () => {
    assert.deepEqual(header({ shape: [2, 3, 4], scale: [0.5, 0.7, 2] }).spacing, [0.5, 0.7, 2]);
  });

  it('defaults the spacing to [1,1,1] when scale is absent or null', () => {
    assert.deepEqual(header({}).spacing, [1, 1, 1]);
    assert.deepEqual(header({ scale: null, original_shape: null }).spacing, [1, 1, 1]);
  });

  for (const [label, scale] of [['zero', [1, 0, 1]], ['negative', [1, 1, -2]], ['two-axis', [1, 1]], ['text', '1,1,1']] as const) {
    it(`rejects a ${label} scale under the scale rule`, () => {
      const error = rejection({ scale });
      assert.deepEqual([error.rule, error.field], ['scale', 'data.scale']);
    });
  }

  it('rejects an infinite scale (JSON 1e999) under the scale rule', () => {
    const result = parseServerMessage('{"type":"preview","data":{"shape":[1,1,1],"dtype":"uint8","payload":"AA==","scale":[1e999,1,1]}}');
    assert.ok(!result.ok && result.error.rule === 'scale');
  });
});

describe('preview shape and voxel limit', () => {
  it('rejects a shape that is not three positive integers under the shape rule', () => {
    for (const shape of [[0, 64, 64], [64, 64], [64, 64, 64, 1], [2, 2.5, 2], [-1, 2, 2], ['2', 2, 2], [1e300, 1, 1], null]) {
      const error = rejection({ shape });
      assert.deepEqual([error.rule, error.field], ['shape', 'data.shape'], JSON.stringify(shape));
    }
  });

  it(`accepts exactly DEFAULT_MAX_DECLARED_VOXELS (${DEFAULT_MAX_DECLARED_VOXELS}) voxels`, () => {
    assert.deepEqual(header({ shape: [512, 512, 512] }, { frame: 'binary' }).shape, [512, 512, 512]);
  });

  it('rejects one voxel more than the limit under the voxel-limit rule', () => {
    const error = rejection({ shape: [DEFAULT_MAX_DECLARED_VOXELS + 1, 1, 1] }, { frame: 'binary' });
    assert.deepEqual([error.rule, error.field], ['voxel-limit', 'data.shape']);
  });

  it('rejects a product of safe integers that overflows 2^53 under the voxel-limit rule', () => {
    const error = rejection({ shape: [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 2] }, { frame: 'binary' });
    assert.equal(error.rule, 'voxel-limit');
    assert.match(error.message, /more than the limit of 134217728\.$/);
  });

  it('applies the maxDeclaredVoxels option instead of the default', () => {
    assert.equal(rejection({ shape: [4, 4, 4] }, { maxDeclaredVoxels: 63 }).rule, 'voxel-limit');
    assert.deepEqual(header({ shape: [4, 4, 4] }, { maxDeclaredVoxels: 64 }).shape, [4, 4, 4]);
    assert.deepEqual(header({ shape: [4, 4, 4] }).shape, [4, 4, 4]);
  });

  it('does not limit original_shape, which may be far larger than a preview', () => {
    assert.deepEqual(header({ shape: [64, 64, 64], original_shape: [4096, 4096, 4096] }, { frame: 'binary' }).spacing, [64, 64, 64]);
  });
});

describe('preview payload and frames', () => {
  const noPayload = { payload: undefined, shape: [32, 64, 64] };

  it('accepts a preview header without payload in a binary frame', () => {
    assert.deepEqual(header(noPayload, { frame: 'binary' }).payload, { encoding: 'binary' });
  });

  it('rejects the same header without payload in a text frame, the default frame', () => {
    for (const options of [{ frame: 'text' as const }, {}]) {
      const error = rejection(noPayload, options);
      assert.deepEqual([error.rule, error.field], ['payload', 'data.payload']);
    }
  });

  it('ignores a payload field in a binary frame: the bytes after the header are the payload', () => {
    assert.deepEqual(header({ payload: 'AAAA' }, { frame: 'binary' }).payload, { encoding: 'binary' });
  });

  it('keeps the base64 text of a text-frame payload unchanged', () => {
    assert.deepEqual(header({ payload: 'AQIDBAUGBwg=' }).payload, { encoding: 'base64', text: 'AQIDBAUGBwg=' });
  });

  it('rejects an empty payload under the payload rule', () => {
    assert.equal(rejection({ payload: '' }).rule, 'payload');
  });

  it('reads compression gzip and deflate, and none when absent or null', () => {
    assert.equal(header({ compression: 'gzip' }).compression, 'gzip');
    assert.equal(header({ compression: 'deflate' }).compression, 'deflate');
    assert.equal(header({ compression: 'none' }).compression, 'none');
    assert.equal(header({}).compression, 'none');
    assert.equal(header({ compression: null }).compression, 'none');
  });
});

describe('what orders a preview', () => {
  it('keeps a numeric preview_id, 0 included, and marks it streaming', () => {
    const h = header({ preview_id: 0, timestamp: '2025-10-01T12:00:00Z' });
    assert.deepEqual([h.previewId, h.final], [0, false]);
  });

  it('reads CryoMamba\'s `"preview_id": "final"` with is_final as the final preview', () => {
    const h = header({ preview_id: 'final', is_final: true, method: 'final' });
    assert.deepEqual([h.previewId, h.final], ['final', true]);
  });

  it('treats is_final alone, or the id "final" alone, as final; any other text id as streaming', () => {
    assert.equal(header({ preview_id: 9, is_final: true }).final, true);
    assert.equal(header({ preview_id: 'FINAL' }).final, true);
    assert.deepEqual([header({ preview_id: 'tile-3' }).previewId, header({ preview_id: 'tile-3' }).final], ['tile-3', false]);
  });

  it('takes sentAt from the preview timestamp, else the message timestamp', () => {
    const at = (s: number) => Date.UTC(2025, 9, 1, 12, 0, s);
    assert.equal(header({ timestamp: '2025-10-01T12:00:01Z' }, {}, { timestamp: '2025-10-01T12:00:02Z' }).sentAt, at(1));
    assert.equal(header({}, {}, { timestamp: '2025-10-01T12:00:02Z' }).sentAt, at(2));
    assert.equal(header({}).sentAt, undefined);
  });

  it('gives a later microsecond timestamp a later sentAt', () => {
    const first = header({ timestamp: '2025-10-01T12:00:00.100000' }).sentAt!;
    const second = header({ timestamp: '2025-10-01T12:00:00.600000' }).sentAt!;
    assert.ok(second > first);
  });

  it('rejects a negative, fractional or empty preview_id as a schema error', () => {
    for (const preview_id of [-1, 1.5, '', true]) {
      const error = rejection({ preview_id });
      assert.deepEqual([error.rule, error.field], ['schema', 'data.preview_id']);
    }
  });
});

describe('preview extras', () => {
  it('tolerates unknown fields in the message and in data', () => {
    assert.deepEqual(header({ colormap: 'viridis', labels: { 1: 'membrane' } }, {}, { server: 'cryomamba' }).shape, [2, 2, 2]);
  });

  it('ignores the downsampling method, whatever its type: nothing in the widget uses it', () => {
    assert.equal('method' in header({ method: 'max' }), false);
    assert.deepEqual(header({ method: 7 }).shape, [2, 2, 2]);
  });
});

#!/usr/bin/python3
"""Writes the tiny NIfTI fixtures of pymic-io's reader tests and expected.json with nibabel's view of them.

Run with an interpreter that has nibabel and numpy:  /usr/bin/python3 make_fixtures.py
Every file is re-read with nibabel after writing (and after any byte patching), so expected.json is
nibabel's answer, not the generator's intent.
"""
import gzip
import json
import os
import struct

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(7)


def oblique(zooms=(1.5, 0.8, 2.0), offset=(-10.0, 5.5, 3.25)):
    a, b = 0.3, -0.2
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    rz = np.array([[np.cos(b), -np.sin(b), 0], [np.sin(b), np.cos(b), 0], [0, 0, 1]])
    aff = np.eye(4)
    aff[:3, :3] = rz @ rx @ np.diag(zooms)
    aff[:3, 3] = offset
    return aff


def values(dtype, shape):
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info is None:
        return (rng.standard_normal(shape) * 100).astype(dtype)
    lo, hi = max(info.min, -1000), min(info.max, 1000)
    data = rng.randint(lo, hi + 1, size=shape).astype(dtype)
    flat = data.reshape(-1)
    flat[0], flat[-1] = info.min if info.min > -2**40 else lo, info.max if info.max < 2**40 else hi
    return data


def save(name, img, patches=()):
    raw = os.path.join(HERE, name[:-3] if name.endswith('.gz') else name)
    nib.save(img, raw)
    if patches:
        endian = '>' if img.header.endianness == '>' else '<'
        with open(raw, 'r+b') as f:
            for off, fmt, val in patches:
                f.seek(off)
                f.write(struct.pack(endian + fmt, val))
    if name.endswith('.gz'):
        with open(raw, 'rb') as f:
            blob = f.read()
        os.remove(raw)
        with gzip.open(os.path.join(HERE, name), 'wb') as f:
            f.write(blob)


def nifti1(data, affine, endian='<', dtype=None):
    hdr = nib.Nifti1Header(endianness=endian)
    img = nib.Nifti1Image(data, affine, header=hdr, dtype=dtype or data.dtype)
    img.set_qform(affine, code=1)
    img.set_sform(affine, code=1)
    return img


def nifti2(data, affine, endian='<'):
    hdr = nib.Nifti2Header(endianness=endian)
    img = nib.Nifti2Image(data, affine, header=hdr, dtype=data.dtype)
    img.set_qform(affine, code=1)
    img.set_sform(affine, code=2)
    return img


def main():
    for old in os.listdir(HERE):
        if old.endswith('.nii') or old.endswith('.nii.gz'):
            os.remove(os.path.join(HERE, old))
    aff = oblique()
    shape = (4, 3, 2)
    for dt in ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float32', 'float64']:
        save('dtype_%s.nii' % dt, nifti1(values(np.dtype(dt), shape), aff, dtype=np.dtype(dt)))
    save('bigendian_int16.nii', nifti1(values(np.dtype('>i2'), shape), aff, '>', np.dtype('>i2')))
    save('bigendian_float64.nii.gz', nifti1(values(np.dtype('>f8'), shape), aff, '>', np.dtype('>f8')))
    base = values(np.dtype('int16'), shape)
    # scl_slope at byte 112, scl_inter at 116 (NIfTI-1)
    save('scaled_int16.nii', nifti1(base, aff), [(112, 'f', 2.5), (116, 'f', -3.0)])
    save('scaled_uint8.nii.gz', nifti1(values(np.dtype('uint8'), shape), aff), [(112, 'f', 0.5), (116, 'f', 10.0)])
    save('slope_zero.nii', nifti1(base, aff), [(112, 'f', 0.0), (116, 'f', 7.0)])
    save('slope_nan.nii', nifti1(base, aff), [(112, 'f', float('nan')), (116, 'f', 7.0)])
    # qform_code at 252, sform_code at 254
    save('sform_only.nii', nifti1(values(np.dtype('float32'), shape), aff), [(252, 'h', 0), (254, 'h', 2)])
    qaff = oblique(zooms=(0.9, 1.1, -2.5), offset=(1.0, -2.0, 30.0))  # negative det: qfac = -1
    save('qform_only.nii.gz', nifti1(values(np.dtype('float32'), shape), qaff), [(252, 'h', 1), (254, 'h', 0)])
    save('no_transform.nii', nifti1(values(np.dtype('float32'), (5, 4, 3)), aff), [(252, 'h', 0), (254, 'h', 0)])
    save('no_transform_2d.nii', nifti1(values(np.dtype('float32'), (5, 4)), np.diag([0.7, 0.6, 1, 1])),
         [(252, 'h', 0), (254, 'h', 0)])
    save('shape_2d.nii.gz', nifti1(values(np.dtype('uint8'), (5, 4)), np.diag([0.5, 0.25, 1, 1])))
    save('shape_4d.nii', nifti1(values(np.dtype('float32'), (4, 3, 2, 3)), aff))
    save('shape_5d.nii.gz', nifti1(values(np.dtype('float32'), (3, 2, 2, 1, 2)), aff))
    ext = nifti1(values(np.dtype('int16'), shape), aff)
    ext.header.extensions.append(nib.nifti1.Nifti1Extension('comment', b'pymic fixture'))
    ext.header['descrip'] = b'with extension'
    ext.header['intent_code'] = 1001
    ext.header['xyzt_units'] = 10
    save('extension.nii', ext)
    save('nifti2_float32.nii', nifti2(values(np.dtype('float32'), shape), aff))
    save('nifti2_int16_be.nii.gz', nifti2(values(np.dtype('>i2'), shape), qaff, '>'))

    expected = {}
    for name in sorted(os.listdir(HERE)):
        if not (name.endswith('.nii') or name.endswith('.nii.gz')):
            continue
        img = nib.load(os.path.join(HERE, name))
        data = img.get_fdata()
        expected[name] = {
            'shape': list(img.shape),
            'spacing': [float(z) for z in img.header.get_zooms()],
            'affine': img.affine.tolist(),
            'dtype': img.get_data_dtype().name,
            'min': float(data.min()), 'max': float(data.max()), 'mean': float(data.mean()),
            'values': [float(v) for v in data.ravel(order='F')],
            'qform_code': int(img.header['qform_code']), 'sform_code': int(img.header['sform_code']),
        }
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Writes case.h5 (datasets image float32 (2, 3, 4) = arange / 4, label uint8 (2, 3, 4) = arange % 3)
and image_only.h5 for pymic-io's HDF5 tests. Run with /usr/bin/python3 (needs h5py and numpy)."""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
with h5py.File(os.path.join(HERE, 'case.h5'), 'w') as f:
    f.create_dataset('image', data=(np.arange(24, dtype=np.float32) / 4).reshape(2, 3, 4))
    f.create_dataset('label', data=(np.arange(24) % 3).astype(np.uint8).reshape(2, 3, 4))
with h5py.File(os.path.join(HERE, 'image_only.h5'), 'w') as f:
    f.create_dataset('image', data=np.arange(12, dtype=np.int16).reshape(3, 4) - 5)

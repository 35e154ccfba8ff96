"""Peak resident memory of PyTorch doing the work of a pymic run, for bench/memory_vs_pytorch.sh.

train: a U-Net (pymic's UNet2D/UNet3D with up_mode 2: 1x1 conv + linear up-sampling, batch norm, leaky
ReLU, dropout) trained with Dice + CE and Adam (weight decay 1e-5) on random batches of the given shape
for --iters iterations, then, given --volumes, one validation pass over them as `infer` does (the
validation that ends a pymic or PyMIC training run). infer: the same network (untrained weights: memory
does not depend on them) in evaluation mode without gradients on NIfTI volumes, 2D networks slice-wise in
groups of --slice-batch slices (as pymic's inferer), 3D networks on the whole padded volume or on
--window windows.

Prints one line: `pytorch <mode>: peak rss <MB> MB (VmHWM), rss at end <MB> MB, <ms> ms per iteration|case`.

Usage:
  python3 bench/memory_pytorch.py train --dim 2 --batch 8 --patch 128 128 --iters 40
  python3 bench/memory_pytorch.py infer --dim 2 --volumes a.nii.gz b.nii.gz
"""
import argparse
import gzip
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def status_mb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class ConvBlock(nn.Module):
    def __init__(self, dim, cin, cout, p):
        super().__init__()
        conv, bn = (nn.Conv2d, nn.BatchNorm2d) if dim == 2 else (nn.Conv3d, nn.BatchNorm3d)
        self.body = nn.Sequential(conv(cin, cout, 3, padding=1), bn(cout), nn.LeakyReLU(), nn.Dropout(p),
                                  conv(cout, cout, 3, padding=1), bn(cout), nn.LeakyReLU())

    def forward(self, x):
        return self.body(x)


class Up(nn.Module):
    def __init__(self, dim, cin1, cin2, cout, p):
        super().__init__()
        self.mode = "bilinear" if dim == 2 else "trilinear"
        self.reduce = (nn.Conv2d if dim == 2 else nn.Conv3d)(cin1, cin2, 1)
        self.conv = ConvBlock(dim, cin2 * 2, cout, p)

    def forward(self, x1, x2):
        x1 = F.interpolate(self.reduce(x1), scale_factor=2, mode=self.mode, align_corners=True)
        return self.conv(torch.cat([x2, x1], dim=1))


class UNet(nn.Module):
    def __init__(self, dim, cin, classes, ft, dropout):
        super().__init__()
        self.dim = dim
        self.inc = ConvBlock(dim, cin, ft[0], dropout[0])
        self.downs = nn.ModuleList([ConvBlock(dim, ft[i], ft[i + 1], dropout[i + 1]) for i in range(4)])
        self.ups = nn.ModuleList([Up(dim, ft[4 - i], ft[3 - i], ft[3 - i], dropout[3 - i]) for i in range(4)])
        self.out = (nn.Conv2d if dim == 2 else nn.Conv3d)(ft[0], classes, 1)

    def forward(self, x):
        pool = F.max_pool2d if self.dim == 2 else F.max_pool3d
        skips = [self.inc(x)]
        for d in self.downs:
            skips.append(d(pool(skips[-1], 2)))
        x = skips[-1]
        for i, u in enumerate(self.ups):
            x = u(x, skips[3 - i])
        return self.out(x)


def loss_fn(logits, onehot):
    p = torch.softmax(logits, 1)
    ce = -(onehot * torch.log(p * 0.999 + 5e-4)).sum(1).mean()
    axes = tuple([0] + list(range(2, p.dim())))
    inter = (p * onehot).sum(axes)
    dice = (2 * inter + 1e-5) / (p.sum(axes) + onehot.sum(axes) + 1e-5)
    return 0.5 * ce + 0.5 * (1 - dice.mean())


def read_nifti(path):
    """A NIfTI-1 volume as a float32 array (D, H, W); enough for pymic synth's files."""
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rb") as f:
        raw = f.read()
    dims = struct.unpack("<8h", raw[40:56])
    dtype = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64, 512: np.uint16}[
        struct.unpack("<h", raw[70:72])[0]]
    off = int(struct.unpack("<f", raw[108:112])[0])
    n = dims[1] * dims[2] * max(1, dims[3])
    a = np.frombuffer(raw, dtype=dtype, count=n, offset=off).astype(np.float32)
    return a.reshape(max(1, dims[3]), dims[2], dims[1])


def train(a, net):
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-5)
    shape = (a.batch, a.in_chns) + tuple(a.patch)
    x = torch.randn(*shape)
    lab = torch.randint(0, a.classes, (a.batch,) + tuple(a.patch))
    y = F.one_hot(lab, a.classes).movedim(-1, 1).float()
    net.train()
    t0 = time.perf_counter()
    for _ in range(a.iters):
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
    return (time.perf_counter() - t0) * 1000 / a.iters


def infer(a, net):
    net.eval()
    t0 = time.perf_counter()
    with torch.no_grad():
        for path in a.volumes:
            v = read_nifti(path)
            v = (v - v.mean()) / (v.std() + 1e-8)
            if a.dim == 2:
                x = torch.from_numpy(v).unsqueeze(1)  # (D, 1, H, W)
                ph, pw = (-x.shape[2]) % 16, (-x.shape[3]) % 16
                x = F.pad(x, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2))
                out = torch.cat([torch.softmax(net(x[i:i + a.slice_batch]), 1)
                                 for i in range(0, x.shape[0], a.slice_batch)])
            else:
                x = torch.from_numpy(v)[None, None]
                pads = [(-s) % 16 for s in x.shape[2:]]
                x = F.pad(x, (pads[2] // 2, pads[2] - pads[2] // 2, pads[1] // 2, pads[1] - pads[1] // 2,
                              pads[0] // 2, pads[0] - pads[0] // 2))
                if a.window:
                    out = torch.zeros((1, a.classes) + tuple(x.shape[2:]))
                    wd, wh, ww = a.window
                    for z in range(0, x.shape[2] - wd + 1, wd):
                        for y in range(0, x.shape[3] - wh + 1, wh):
                            for q in range(0, x.shape[4] - ww + 1, ww):
                                out[:, :, z:z + wd, y:y + wh, q:q + ww] = torch.softmax(
                                    net(x[:, :, z:z + wd, y:y + wh, q:q + ww]), 1)
                else:
                    out = torch.softmax(net(x), 1)
            seg = out.argmax(1).to(torch.uint8).numpy()
            del out, seg
    return (time.perf_counter() - t0) * 1000 / len(a.volumes)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["train", "infer"])
    ap.add_argument("--dim", type=int, default=2, choices=[2, 3])
    ap.add_argument("--batch", type=int, default=8, help="training batch (2D: slices, 3D: patches)")
    ap.add_argument("--patch", type=int, nargs="+", default=[128, 128], help="training patch (H W or D H W)")
    ap.add_argument("--iters", type=int, default=40)
    ap.add_argument("--in-chns", type=int, default=1)
    ap.add_argument("--classes", type=int, default=4)
    ap.add_argument("--feature-chns", type=int, nargs=5, default=[16, 32, 64, 128, 256])
    ap.add_argument("--dropout", type=float, nargs=5, default=[0.0, 0.0, 0.0, 0.5, 0.5])
    ap.add_argument("--volumes", nargs="*", default=[])
    ap.add_argument("--slice-batch", type=int, default=8)
    ap.add_argument("--window", type=int, nargs=3, default=None, help="3D inference window D H W")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    if len(a.patch) != a.dim:
        ap.error(f"--patch needs {a.dim} sizes")
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = UNet(a.dim, a.in_chns, a.classes, a.feature_chns, a.dropout)
    ms = train(a, net) if a.mode == "train" else infer(a, net)
    if a.mode == "train" and a.volumes:
        infer(a, net)
        net.train()
    unit = "iteration" if a.mode == "train" else "case"
    print(f"pytorch {torch.__version__} {a.mode}: peak rss {status_mb('VmHWM'):.0f} MB (VmHWM), "
          f"rss at end {status_mb('VmRSS'):.0f} MB, {ms:.0f} ms per {unit}")


if __name__ == "__main__":
    main()

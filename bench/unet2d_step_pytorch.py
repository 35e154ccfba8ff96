"""Reference timing of one UNet2D training iteration in PyTorch from Python, for side-by-side
comparison with `pymic bench train` (docs/benchmarks.md). Same network as pymic's UNet2D
(up_mode 2: 1x1 conv + bilinear up-sampling), batch 8 x 1 x 128 x 128, feature_chns 16..256,
Dice + CE loss, Adam. Prints the median milliseconds per iteration over the timed steps.

Usage: python3 bench/unet2d_step_pytorch.py [--iters 30] [--threads 2]
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, p):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU(),
            nn.Dropout(p),
            nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.LeakyReLU())

    def forward(self, x):
        return self.body(x)


class Up(nn.Module):
    def __init__(self, cin1, cin2, cout, p):
        super().__init__()
        self.reduce = nn.Conv2d(cin1, cin2, 1)
        self.conv = ConvBlock(cin2 * 2, cout, p)

    def forward(self, x1, x2):
        x1 = F.interpolate(self.reduce(x1), scale_factor=2, mode="bilinear", align_corners=True)
        return self.conv(torch.cat([x2, x1], dim=1))


class UNet2D(nn.Module):
    def __init__(self, cin=1, classes=4, ft=(16, 32, 64, 128, 256), dropout=(0.0, 0.0, 0.0, 0.5, 0.5)):
        super().__init__()
        self.inc = ConvBlock(cin, ft[0], dropout[0])
        self.downs = nn.ModuleList([ConvBlock(ft[i], ft[i + 1], dropout[i + 1]) for i in range(4)])
        self.ups = nn.ModuleList([Up(ft[4 - i], ft[3 - i], ft[3 - i], dropout[3 - i]) for i in range(4)])
        self.out = nn.Conv2d(ft[0], classes, 1)

    def forward(self, x):
        skips = [self.inc(x)]
        for d in self.downs:
            skips.append(d(F.max_pool2d(skips[-1], 2)))
        x = skips[-1]
        for i, u in enumerate(self.ups):
            x = u(x, skips[3 - i])
        return self.out(x)


def loss_fn(logits, onehot):
    p = torch.softmax(logits, 1)
    ce = -(onehot * torch.log(p * 0.999 + 5e-4)).sum(1).mean()
    inter = (p * onehot).sum((0, 2, 3))
    dice = (2 * inter + 1e-5) / (p.sum((0, 2, 3)) + onehot.sum((0, 2, 3)) + 1e-5)
    return 0.5 * ce + 0.5 * (1 - dice.mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iters", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = UNet2D()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(8, 1, 128, 128)
    y = F.one_hot(torch.randint(0, 4, (8, 128, 128)), 4).permute(0, 3, 1, 2).float()
    times = []
    parts = []
    for i in range(a.warmup + a.iters):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i >= a.warmup:
            times.append((t3 - t0) * 1000)
            parts.append(((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000))
    print(f"pytorch {torch.__version__} UNet2D step: median {statistics.median(times):.1f} ms "
          f"(min {min(times):.1f}, {a.iters} iterations, {a.threads} threads) = forward "
          f"{statistics.median(p[0] for p in parts):.1f} + backward {statistics.median(p[1] for p in parts):.1f}"
          f" + update {statistics.median(p[2] for p in parts):.1f}")


if __name__ == "__main__":
    main()

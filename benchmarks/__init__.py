"""Benchmarks of dfdx_typed against numpy and PyTorch (scripts, not tests).

Run ``python -m benchmarks.bench_core`` (add ``--quick`` for a fast smoke run).
"""

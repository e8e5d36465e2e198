"""tutor's benchmark: the same training on tutor, real MXNet 1.9.1, PyTorch and a
hand-written NumPy loop (the floor), in one run with interleaved repetitions.

    python -m bench            # the full table (about two minutes on 2 cores)
    python -m bench --tiny     # a few batches of each, to check the command works

See bench/README.md for the machine, the method and the last results.
"""

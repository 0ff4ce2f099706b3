"""Compiled UMAP kernels kept on disk, so a new process does not compile them again.

UMAP compiles two of its numba kernels (``smooth_knn_dist`` and
``compute_membership_strengths``, both ``parallel=True``) on first use in every
process without caching them: about 7 CPU seconds on each themes run, on a
machine where the whole stage should take a minute or two (issue 14). Numba's
own disk cache stores the machine code it compiled; loading it gives the very
same code, so the themes do not change. The cache sits beside UMAP's sources
(``__pycache__``) or, where that is read-only, in numba's user cache directory
(``NUMBA_CACHE_DIR``).
"""

from __future__ import annotations

import logging
from functools import cache

log = logging.getLogger(__name__)
# UMAP's module-level kernels that it compiles without ``cache=True`` (umap-learn 0.5).
UMAP_KERNELS = ("smooth_knn_dist", "compute_membership_strengths")


@cache
def cache_umap_kernels() -> list[str]:
    """Turn on numba's disk cache for UMAP's uncached kernels; return the names it was turned on for.

    Once per process, before the first fit. A kernel that is missing (another UMAP
    version) or cannot be cached (no writable cache directory) is compiled as before.
    """
    import umap.umap_ as umap_module

    done = []
    for name in UMAP_KERNELS:
        kernel = getattr(umap_module, name, None)
        enable = getattr(kernel, "enable_caching", None)
        if enable is None:
            continue
        try:
            enable()
        except Exception as exc:  # noqa: BLE001 - without a cache the kernel is compiled, as before
            log.info("numba cache not available for umap %s (%s)", name, type(exc).__name__)
            continue
        done.append(name)
    return done

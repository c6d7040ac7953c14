from dashboard.cli import main

if __name__ == "__main__":  # guarded: Dask's worker processes import this module again
    raise SystemExit(main())

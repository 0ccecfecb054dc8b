from .cli.main import main

# Guarded: worker processes (notice_gen/render/batch.py) import this module again under another name.
if __name__ == "__main__":
    main()

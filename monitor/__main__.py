from monitor.cli import main

if __name__ == "__main__":  # worker processes (extract_workers.py) import this module again
    main()

from opstage_build.cli import run

run()

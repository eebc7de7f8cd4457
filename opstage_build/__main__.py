from opstage_build.cli import main

main()

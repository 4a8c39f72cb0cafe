from vlmguide.cli import main

main()

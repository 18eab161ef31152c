-- os.exit ends the program at once with its status; buffered output is written first
io.write("partial line, ")
print("then a full line")
io.stdout:write("through io.stdout\n")
os.exit(3)
print("not reached")

-- yielding from the main chunk is an error
print("main thread")
coroutine.yield("nowhere to go")

# A script stops at its first failing command and names the line.
step 2
print step
set eta -1
print step

# The cost of AND from w = 0, b = 0: C(0) = ln 2 = 0.6931, then it falls at every step.
plot cost 40x10
step 30
plot cost 40x10
# after back the undone steps stay on the chart, dotted, until the next step replaces them
back 10
plot cost 40x10
plot cost log 40x10
step
plot cost 40x10

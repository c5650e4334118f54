# OR from zeros: no line at first (w = 0, so sigma(z) = 0.5 everywhere), then it enters the square.
load or
plot boundary 40x10
step 20
plot boundary 40x10
step 100
plot boundary 40x10

# AND from w = (0.9, 0.7), b = -0.1 with eta = 0.5, after 3 steps, example 2 focused.
set init 0.9 0.7 -0.1
set eta 0.5
step 3
focus 2 w2
plot sigmoid 50x12
plot sigma' 50x12

# explain w J and explain b on the AND gate after three updates (the numbers of SCREEN.md)
set w 0.9 0.7
set b -0.1
set eta 0.5
step 3
explain w 2
explain w1
explain b
# alone: the focused parameter
focus 2 w2
explain
# with lambda the weight's gradient gains (lambda/n) w_j
set lambda 0.1
explain w 1

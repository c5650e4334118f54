# explain cost: C as the mean of every C_x, and one C_x with its ln values
set w 0.9 0.7
set b -0.1
explain cost
explain cost 2
explain cost 4
set cost quadratic
explain cost 2
set lambda 0.1
explain cost

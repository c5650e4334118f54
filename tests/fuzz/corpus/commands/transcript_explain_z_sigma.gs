# explain z, sigma and update for one example of the AND gate
set w 0.9 0.7
set b -0.1
set eta 0.5
explain z 4
explain sigma 4
explain update
set batch 2
explain update
explain w 2

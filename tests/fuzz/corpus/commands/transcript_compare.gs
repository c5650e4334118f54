# compare: Nielsen's single neuron from w = b = 2 with eta = 0.15 shows the learning slowdown
load neuron
set w 2
set b 2
set eta 0.15
compare
compare 300
print step
print w1

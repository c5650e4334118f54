# Network mode's explanations on XOR with two hidden neurons: eq. 67 at the output, BP4 with BP2 below.
load xor
set hidden 2
set init 0.7 -1.3 0.45 2.1 -0.2 0.35 1.6 -0.9 0.15
step 3
explain w 3 1 2
explain w 2 1 2
explain b 3 1
explain delta 2 2 3
derive 3 w2_2_1
set lambda 0.5
explain w3_1_1

# Network mode on XOR: from zeros the two hidden neurons stay identical and XOR is out of reach;
# from seed 1's random start the 2-2-1 network gets all 4 right.
load xor
set hidden 2
set eta 2
step 2000
print w2_1_1
print w2_2_1
print b2_1
print b2_2
set seed 1
set init random
step 2000
show net
show example 2
print delta2_1@2
print grad_w3_1_2
print C@4
predict 1 0
check
compare 300
back 1999
print step
next
next
print step
reset
set hidden none
print w2_1_2
print step

# The AND gate from w = (0.9, 0.7), b = -0.1 with eta = 0.5: SCREEN.md's example, three steps.
set init 0.9 0.7 -0.1
show all
step 3
show params
print w2
print grad_w2
back
print step
next
next
back 2
print step
reset
print C

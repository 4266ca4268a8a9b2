package dmath

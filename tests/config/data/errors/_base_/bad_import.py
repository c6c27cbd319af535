# a base that tries to run code
from os import system

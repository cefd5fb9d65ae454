// lightind: the command-line program (placeholder).
#include <cstdio>
int main() { std::puts("lightind"); return 0; }

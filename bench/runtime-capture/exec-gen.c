#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
extern char **environ;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
  double rate = atof(argv[1]), dur = atof(argv[2]); char *bin = argv[3]; char *args[] = { bin, NULL };
  long n = 0, failed = 0; double t0 = now();
  for (;;) {
    double el = now() - t0; if (el >= dur) break;
    long due = (long)(el * rate);
    while (n < due && now() - t0 < dur) { pid_t p; if (posix_spawn(&p, bin, NULL, NULL, args, environ) != 0) failed++; n++; }
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
    usleep(200);
  }
  while (wait(NULL) > 0) {}
  printf("%ld %.3f %ld\n", n, now() - t0, failed);
  return 0;
}

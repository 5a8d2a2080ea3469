/* The benchmark scenarios with native libcurl on Linux, against the same
 * servers: what this machine can do without Wine. Same arguments and the
 * same JSON result lines as the Windows programs (api "libcurl", dll
 * "native-curl").
 *   curlbench bulk|small|latency|upload|concurrency --host H --port P
 *             --path P [--tls] [--http2] [--cacert PEM] [--count N]
 *             [--size BYTES] [--verify] [--case NAME]
 * Built by the runner: cc -O2 curlbench.c -lcurl -lz -lpthread */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static int argc_;
static char** argv_;

static const char* arg(const char* key, const char* fallback) {
  for (int i = 2; i < argc_; ++i)
    if (!strncmp(argv_[i], "--", 2) && !strcmp(argv_[i] + 2, key))
      return i + 1 < argc_ && strncmp(argv_[i + 1], "--", 2) ? argv_[i + 1] : "";
  return fallback;
}
static long long num(const char* key, long long fallback) {
  const char* v = arg(key, NULL);
  return v ? strtoll(v, NULL, 10) : fallback;
}
static int flag(const char* key) { return arg(key, NULL) != NULL; }

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* Peak threads and anonymous resident memory (what Wine reports as a
 * process's private usage), sampled from /proc like the Windows sampler. */
static volatile int sampling = 1;
static int peak_threads;
static long peak_private_kib;
static void sample(int self) {
  FILE* f = fopen("/proc/self/status", "r");
  char line[256];
  long anon = 0, swap = 0;
  int threads = 0;
  while (f && fgets(line, sizeof line, f)) {
    sscanf(line, "Threads: %d", &threads);
    sscanf(line, "RssAnon: %ld", &anon);
    sscanf(line, "VmSwap: %ld", &swap);
  }
  if (f) fclose(f);
  threads -= self;
  if (threads > peak_threads) peak_threads = threads;
  if (anon + swap > peak_private_kib) peak_private_kib = anon + swap;
}
static void* sampler(void* ms) {
  while (sampling) {
    usleep(*(int*)ms * 1000);
    sample(1);
  }
  return NULL;
}

static char line_[4096];
static void field(const char* key, const char* json) {
  size_t n = strlen(line_);
  snprintf(line_ + n, sizeof line_ - n, ", \"%s\": %s", key, json);
}
static void fnum(const char* key, double v) {
  char t[64];
  snprintf(t, sizeof t, "%.6g", v);
  field(key, t);
}
static void fint(const char* key, unsigned long long v) {
  char t[32];
  snprintf(t, sizeof t, "%llu", v);
  field(key, t);
}
static void fstr(const char* key, const char* v) {
  char t[512];
  snprintf(t, sizeof t, "\"%s\"", v);
  field(key, t);
}
static int finish(const char* status) {
  printf("{\"status\": \"%s\"%s}\n", status, line_);
  fflush(stdout);
  return strcmp(status, "error") == 0;
}
static int fail(const char* what, const char* detail) {
  char t[512];
  snprintf(t, sizeof t, "%s: %s", what, detail);
  fstr("error", t);
  return finish("error");
}

struct body {
  unsigned long long bytes;
  unsigned long crc;
  double sent, first;
  char kept[4096];
  size_t kept_len;
  int verify;
};
static size_t on_write(char* data, size_t one, size_t n, void* user) {
  struct body* b = user;
  size_t size = one * n;
  if (size && !b->bytes) b->first = now() - b->sent;
  b->bytes += size;
  if (b->verify) b->crc = crc32(b->crc, (const Bytef*)data, (uInt)size);
  size_t room = sizeof b->kept - 1 - b->kept_len;
  size_t keep = size < room ? size : room;
  memcpy(b->kept + b->kept_len, data, keep);
  b->kept_len += keep;
  b->kept[b->kept_len] = 0;
  return size;
}

static char url_[1024];
static CURL* easy(struct body* b) {
  CURL* e = curl_easy_init();
  snprintf(url_, sizeof url_, "%s://%s:%s%s", flag("tls") ? "https" : "http", arg("host", "127.0.0.1"),
           arg("port", "80"), arg("path", "/"));
  curl_easy_setopt(e, CURLOPT_URL, url_);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, b);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, flag("http2") ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  if (arg("cacert", NULL)) curl_easy_setopt(e, CURLOPT_CAINFO, arg("cacert", NULL));
  return e;
}

static int get(CURL* e, struct body* b, long* status) {
  b->bytes = 0;
  b->crc = crc32(0, NULL, 0);
  b->kept_len = 0;
  b->sent = now();
  CURLcode rc = curl_easy_perform(e);
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
  return rc == CURLE_OK ? 0 : (int)rc;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static int bulk(void) {
  struct body b = {.verify = flag("verify")};
  CURL* e = easy(&b);
  curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 512L * 1024);
  long status = 0, version = 0;
  pthread_t t;
  int ms = 20;
  pthread_create(&t, NULL, sampler, &ms);
  double start = now();
  int rc = get(e, &b, &status);
  double seconds = now() - start;
  sampling = 0;
  pthread_join(t, NULL);
  if (rc) return fail("curl_easy_perform", curl_easy_strerror(rc));
  curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
  fint("http_status", (unsigned long long)status);
  fstr("version", version == CURL_HTTP_VERSION_2_0 ? "HTTP/2" : "HTTP/1.1");
  fint("bytes", b.bytes);
  if (b.verify) fint("crc32", b.crc);
  fnum("seconds", seconds);
  fnum("mib_per_s", b.bytes / 1048576.0 / seconds);
  fint("peak_threads", (unsigned long long)peak_threads);
  fnum("peak_private_mib", peak_private_kib / 1024.0);
  return finish(status == 200 ? "ok" : "error");
}

/* small and latency: GETs in a row on one kept-alive connection. */
static int sequential(int latency) {
  struct body b = {.verify = flag("verify")};
  CURL* e = easy(&b);
  long status = 0;
  long long warmup = latency ? num("warmup", 20) : 0, count = num("count", latency ? 2000 : 10000);
  double* first = calloc((size_t)count, sizeof *first);
  unsigned long long bytes = 0, first_size = 0;
  unsigned long first_crc = 0;
  long long mismatches = 0;
  for (long long i = 0; i < warmup; ++i)
    if (get(e, &b, &status)) return fail("warmup", "request failed");
  double start = now();
  for (long long i = 0; i < count; ++i) {
    int rc = get(e, &b, &status);
    if (rc || status != 200) return fail("curl_easy_perform", rc ? curl_easy_strerror(rc) : "HTTP status");
    if (i == 0) {
      first_size = b.bytes;
      first_crc = b.crc;
    } else if (b.bytes != first_size || b.crc != first_crc) {
      ++mismatches;
    }
    bytes += b.bytes;
    first[i] = b.first;
  }
  double seconds = now() - start;
  fint("requests", (unsigned long long)count);
  fint("bytes", bytes);
  fint("mismatches", (unsigned long long)mismatches);
  if (b.verify) fint("crc32", first_crc);
  if (latency) {
    qsort(first, (size_t)count, sizeof *first, cmp_double);
    fnum("median_us", first[(size_t)(0.5 * count)] * 1e6);
    fnum("p99_us", first[(size_t)(0.99 * count) < (size_t)count ? (size_t)(0.99 * count) : (size_t)count - 1] * 1e6);
    fnum("max_us", first[count - 1] * 1e6);
  } else {
    fnum("seconds", seconds);
    fnum("requests_per_s", count / seconds);
  }
  return finish(mismatches ? "error" : "ok");
}

struct source {
  unsigned long long offset, length;
};
static size_t on_read(char* out, size_t one, size_t n, void* user) {
  struct source* s = user;
  size_t size = one * n;
  if (size > s->length - s->offset) size = (size_t)(s->length - s->offset);
  for (size_t i = 0; i < size; ++i) out[i] = (char)('a' + (s->offset + i) % 26);
  s->offset += size;
  return size;
}

static void body_field(const char* kept, const char* name, char* out, size_t room) {
  const char* at = strstr(kept, name);
  out[0] = 0;
  if (!at) return;
  at += strlen(name);
  size_t n = strcspn(at, "\n");
  if (n >= room) n = room - 1;
  memcpy(out, at, n);
  out[n] = 0;
}

static int upload(void) {
  struct body b = {0};
  struct source s = {0, (unsigned long long)num("size", 256LL << 20)};
  CURL* e = easy(&b);
  struct curl_slist* headers = curl_slist_append(NULL, "Expect:");
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_POST, 1L);
  curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(e, CURLOPT_READDATA, &s);
  curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, (long)num("chunk", 64 * 1024));
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s.length);
  long status = 0;
  double start = now();
  int rc = get(e, &b, &status);
  double seconds = now() - start;
  if (rc) return fail("curl_easy_perform", curl_easy_strerror(rc));
  char bytes[64], sha[80], expected[64];
  body_field(b.kept, "bytes=", bytes, sizeof bytes);
  body_field(b.kept, "sha256=", sha, sizeof sha);
  snprintf(expected, sizeof expected, "%llu", s.length);
  fint("http_status", (unsigned long long)status);
  fint("bytes", s.length);
  fstr("server_bytes", bytes);
  fstr("server_sha256", sha);
  fnum("seconds", seconds);
  fnum("mib_per_s", s.length / 1048576.0 / seconds);
  return finish(status == 200 && !strcmp(bytes, expected) ? "ok" : "error");
}

static int concurrency(void) {
  int count = (int)num("count", 1000);
  struct body* bodies = calloc((size_t)count, sizeof *bodies);
  CURL** easies = calloc((size_t)count, sizeof *easies);
  pthread_t t;
  int ms = 10;
  pthread_create(&t, NULL, sampler, &ms);
  double start = now();
  CURLM* multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)count);
  for (int i = 0; i < count; ++i) {
    bodies[i].verify = flag("verify");
    bodies[i].crc = crc32(0, NULL, 0);
    easies[i] = easy(&bodies[i]);
    curl_multi_add_handle(multi, easies[i]);
  }
  int running = 1, failed = 0;
  while (running) {
    curl_multi_perform(multi, &running);
    if (running) curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  CURLMsg* msg;
  int left;
  while ((msg = curl_multi_info_read(multi, &left)))
    if (msg->msg == CURLMSG_DONE && msg->data.result != CURLE_OK) ++failed;
  double seconds = now() - start;
  sampling = 0;
  pthread_join(t, NULL);
  unsigned long long bytes = 0;
  long long mismatches = 0;
  for (int i = 0; i < count; ++i) {
    bytes += bodies[i].bytes;
    if (bodies[i].bytes != bodies[0].bytes || bodies[i].crc != bodies[0].crc) ++mismatches;
  }
  fint("requests", (unsigned long long)count);
  fint("completed", (unsigned long long)(count - failed));
  fint("failed", (unsigned long long)failed);
  fint("bytes", bytes);
  fint("body_bytes", bodies[0].bytes);
  fint("mismatches", (unsigned long long)mismatches);
  if (flag("verify")) fint("crc32", bodies[0].crc);
  fnum("seconds", seconds);
  fint("peak_threads", (unsigned long long)peak_threads);
  fnum("peak_private_mib", peak_private_kib / 1024.0);
  return finish(!failed && !mismatches ? "ok" : "error");
}

int main(int argc, char** argv) {
  argc_ = argc;
  argv_ = argv;
  if (argc < 2) {
    fprintf(stderr, "usage: curlbench bulk|small|latency|upload|concurrency --host H --port P --path P ...\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_ALL);
  sample(0);
  snprintf(line_, sizeof line_, ", \"scenario\": \"%s\", \"case\": \"%s\", \"api\": \"libcurl\", "
           "\"arch\": \"x86_64-linux\", \"dll\": \"native-curl\"", argv[1], arg("case", "default"));
  if (!strcmp(argv[1], "bulk")) return bulk();
  if (!strcmp(argv[1], "small")) return sequential(0);
  if (!strcmp(argv[1], "latency")) return sequential(1);
  if (!strcmp(argv[1], "upload")) return upload();
  if (!strcmp(argv[1], "concurrency")) return concurrency();
  return fail("unknown scenario", argv[1]);
}

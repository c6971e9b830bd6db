/*
 * encodeSheet: lays YUV 4:2:0 tiles out in a grid and compresses the grid to one JPEG with
 * libjpeg-turbo, straight from the planes (raw data in: no colour conversion, no chroma
 * downsampling). Runs on libuv's thread pool. The grid is never built whole, nor are all of its
 * tiles read at once: each band of 16 lines is copied into a small buffer from the few tile rows it
 * crosses, read from the tile file as the band reaches them, so an encode holds ≈ 2 MB whatever
 * the sheet's size and the work stays in cache.
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jpeglib.h>
#include <jerror.h>

/* The chrominance table of the JPEG standard (Annex K), which libjpeg's v6 API does not export. */
static const unsigned int chromaTable[64] = {
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99
};

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
} ErrorManager;

typedef struct {
  /* Input: the tile file, and which of its tiles fill the grid's cells, row by row. */
  char* path;
  uint32_t* tiles;
  size_t count;
  int tileWidth, tileHeight, cols, rows, quality, chromaQuality;
  /* The tile rows in memory: `slots` rows of `cols` tiles, and which grid row each one holds. */
  int fd, slots;
  unsigned char* rowTiles;
  int* slotRow;
  /* Output: a buffer of our own (libjpeg's memory destination leaves a freed pointer behind on error). */
  unsigned char* jpeg;
  size_t jpegCapacity, jpegSize;
  char error[JMSG_LENGTH_MAX + 64];
  napi_deferred deferred;
  napi_async_work work;
} Job;

typedef struct {
  struct jpeg_destination_mgr pub;
  Job* job;
} Destination;

static void onError(j_common_ptr cinfo) {
  longjmp(((ErrorManager*)cinfo->err)->jump, 1);
}

static void startOutput(j_compress_ptr cinfo) {
  Destination* dest = (Destination*)cinfo->dest;
  dest->pub.next_output_byte = dest->job->jpeg;
  dest->pub.free_in_buffer = dest->job->jpegCapacity;
}

/* The buffer is full: double it. */
static boolean growOutput(j_compress_ptr cinfo) {
  Job* job = ((Destination*)cinfo->dest)->job;
  unsigned char* bigger = realloc(job->jpeg, job->jpegCapacity * 2);
  if (bigger == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
  job->jpeg = bigger;
  cinfo->dest->next_output_byte = bigger + job->jpegCapacity;
  cinfo->dest->free_in_buffer = job->jpegCapacity;
  job->jpegCapacity *= 2;
  return TRUE;
}

static void endOutput(j_compress_ptr cinfo) {
  Job* job = ((Destination*)cinfo->dest)->job;
  job->jpegSize = job->jpegCapacity - cinfo->dest->free_in_buffer;
}

static size_t tileBytes(const Job* job) {
  return (size_t)job->tileWidth * job->tileHeight * 3 / 2;
}

/* The tiles of grid row `row`, read into their slot unless already there; NULL (with job->error) on a short read. */
static const unsigned char* tileRow(Job* job, int row) {
  int slot = row % job->slots;
  unsigned char* base = job->rowTiles + (size_t)slot * job->cols * tileBytes(job);
  if (job->slotRow[slot] == row) return base;
  for (int c = 0; c < job->cols; c++) {
    size_t t = (size_t)row * job->cols + c;
    if (t >= job->count) break; /* blank cells are never read */
    off_t at = (off_t)job->tiles[t] * (off_t)tileBytes(job);
    ssize_t got = pread(job->fd, base + (size_t)c * tileBytes(job), tileBytes(job), at);
    if (got != (ssize_t)tileBytes(job)) {
      snprintf(job->error, sizeof job->error, "tile %u is truncated (%zd of %zu bytes): %s", job->tiles[t], got,
               tileBytes(job), got < 0 ? strerror(errno) : "short read");
      return NULL;
    }
  }
  job->slotRow[slot] = row;
  return base;
}

/* Line `line` of one plane across the grid into `out` (blank cells get `blank`), padded on the right. */
static int gridLine(Job* job, unsigned char* out, int outWidth, int line, int planeLines, int planeWidth,
                    size_t planeOffset, unsigned char blank) {
  int row = line / planeLines;
  const unsigned char* tiles = tileRow(job, row);
  if (tiles == NULL) return 0;
  for (int c = 0; c < job->cols; c++) {
    unsigned char* to = out + (size_t)c * planeWidth;
    if ((size_t)row * job->cols + c < job->count) {
      memcpy(to, tiles + c * tileBytes(job) + planeOffset + (size_t)(line % planeLines) * planeWidth, planeWidth);
    } else {
      memset(to, blank, planeWidth);
    }
  }
  /* The encoder reads whole MCUs: repeat the last pixel, as it pads a picture's edge. */
  int width = job->cols * planeWidth;
  if (outWidth > width) memset(out + width, out[width - 1], outWidth - width);
  return 1;
}

static void execute(napi_env env, void* data) {
  Job* job = (Job*)data;
  struct jpeg_compress_struct cinfo;
  ErrorManager err;
  int tw = job->tileWidth, th = job->tileHeight;
  int width = job->cols * tw, height = job->rows * th;
  int lumaStride = (width + 15) & ~15, chromaStride = lumaStride / 2;
  size_t lumaBytes = (size_t)tw * th, chromaBytes = lumaBytes / 4;
  unsigned char* volatile band = NULL;
  JSAMPROW y[16], u[8], v[8];
  JSAMPARRAY planes[3] = { y, u, v };

  job->fd = open(job->path, O_RDONLY | O_CLOEXEC);
  if (job->fd < 0) {
    snprintf(job->error, sizeof job->error, "cannot open the tile file: %s", strerror(errno));
    return;
  }
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = onError;
  if (setjmp(err.jump)) {
    err.pub.format_message((j_common_ptr)&cinfo, job->error);
    goto done;
  }
  jpeg_create_compress(&cinfo);
  Destination dest = { { NULL, 0, startOutput, growOutput, endOutput }, job };
  cinfo.dest = &dest.pub;
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_YCbCr;
  jpeg_set_defaults(&cinfo);
  jpeg_set_colorspace(&cinfo, JCS_YCbCr);
  cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 2;
  for (int i = 1; i < 3; i++) cinfo.comp_info[i].h_samp_factor = cinfo.comp_info[i].v_samp_factor = 1;
  jpeg_set_quality(&cinfo, job->quality, TRUE);
  jpeg_add_quant_table(&cinfo, 1, chromaTable, jpeg_quality_scaling(job->chromaQuality), TRUE);
  cinfo.raw_data_in = TRUE;
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.optimize_coding = FALSE; /* the standard tables: optimising them costs 2.5× the encode for 1–3 % fewer bytes */

  /* A band of 16 lines crosses at most ⌈15 / th⌉ + 1 tile rows; one slot more keeps them all in. */
  job->slots = (15 + th - 1) / th + 2;
  job->rowTiles = malloc((size_t)job->slots * job->cols * tileBytes(job));
  job->slotRow = malloc(sizeof(int) * job->slots);
  band = malloc((size_t)lumaStride * 16 + (size_t)chromaStride * 16);
  /* A quarter of a byte per pixel holds most sheets at the qualities used; more is reallocated. */
  job->jpegCapacity = (size_t)width * height / 4 + 65536;
  job->jpeg = malloc(job->jpegCapacity);
  if (job->rowTiles == NULL || job->slotRow == NULL || band == NULL || job->jpeg == NULL) {
    snprintf(job->error, sizeof job->error, "out of memory");
    goto done;
  }
  for (int i = 0; i < job->slots; i++) job->slotRow[i] = -1;
  for (int i = 0; i < 16; i++) y[i] = band + (size_t)i * lumaStride;
  for (int i = 0; i < 8; i++) {
    u[i] = band + (size_t)lumaStride * 16 + (size_t)i * chromaStride;
    v[i] = u[i] + (size_t)chromaStride * 8;
  }
  jpeg_start_compress(&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height) {
    int top = cinfo.next_scanline, ok = 1;
    /* Lines past the bottom repeat the last one, as the encoder pads a picture's edge. */
    for (int i = 0; i < 16 && ok; i++) {
      int line = top + i < height ? top + i : height - 1;
      ok = gridLine(job, y[i], lumaStride, line, th, tw, 0, 0);
    }
    for (int i = 0; i < 8 && ok; i++) {
      int line = top / 2 + i < height / 2 ? top / 2 + i : height / 2 - 1;
      ok = gridLine(job, u[i], chromaStride, line, th / 2, tw / 2, lumaBytes, 128) &&
           gridLine(job, v[i], chromaStride, line, th / 2, tw / 2, lumaBytes + chromaBytes, 128);
    }
    if (!ok) goto done;
    jpeg_write_raw_data(&cinfo, planes, 16);
  }
  jpeg_finish_compress(&cinfo);

done:
  jpeg_destroy_compress(&cinfo);
  free(band);
  close(job->fd);
}

static void freeJob(Job* job) {
  free(job->jpeg);
  free(job->rowTiles);
  free(job->slotRow);
  free(job->tiles);
  free(job->path);
  free(job);
}

static void complete(napi_env env, napi_status status, void* data) {
  Job* job = (Job*)data;
  napi_value result;
  if (job->error[0] == 0) {
    void* copy;
    napi_create_buffer_copy(env, job->jpegSize, job->jpeg, &copy, &result);
    napi_resolve_deferred(env, job->deferred, result);
  } else {
    napi_value message;
    napi_create_string_utf8(env, job->error, NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &result);
    napi_reject_deferred(env, job->deferred, result);
  }
  napi_delete_async_work(env, job->work);
  freeJob(job);
}

static napi_value fail(napi_env env, const char* message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

/* encodeSheet(file, tiles: number[], tileWidth, tileHeight, cols, rows, quality, chromaQuality): Promise<Buffer> */
static napi_value encodeSheet(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 8) return fail(env, "encodeSheet takes 8 arguments");
  size_t pathLength;
  if (napi_get_value_string_utf8(env, argv[0], NULL, 0, &pathLength) != napi_ok) return fail(env, "file must be a string");
  bool isArray;
  napi_is_array(env, argv[1], &isArray);
  if (!isArray) return fail(env, "tiles must be an array of tile numbers");
  int32_t n[6];
  for (int i = 0; i < 6; i++) {
    if (napi_get_value_int32(env, argv[i + 2], &n[i]) != napi_ok) return fail(env, "sizes and qualities must be numbers");
  }
  int tw = n[0], th = n[1], cols = n[2], rows = n[3], quality = n[4], chromaQuality = n[5];
  if (tw < 2 || th < 2 || tw % 2 || th % 2 || cols < 1 || rows < 1 || (long long)tw * cols > 65500 ||
      (long long)th * rows > 65500 || quality < 1 || quality > 100 || chromaQuality < 1 || chromaQuality > 100) {
    return fail(env, "even tile sizes, a grid of at most 65500 pixels a side and qualities of 1..100");
  }
  uint32_t count;
  napi_get_array_length(env, argv[1], &count);
  if (count > (uint32_t)cols * rows) return fail(env, "tiles: at most cols × rows of them");

  Job* job = calloc(1, sizeof(Job));
  if (job == NULL) return fail(env, "out of memory");
  job->path = malloc(pathLength + 1);
  job->tiles = malloc(sizeof(uint32_t) * (count > 0 ? count : 1));
  if (job->path == NULL || job->tiles == NULL) {
    freeJob(job);
    return fail(env, "out of memory");
  }
  napi_get_value_string_utf8(env, argv[0], job->path, pathLength + 1, &pathLength);
  for (uint32_t i = 0; i < count; i++) {
    napi_value element;
    double k = -1;
    napi_get_element(env, argv[1], i, &element);
    if (napi_get_value_double(env, element, &k) != napi_ok || !(k >= 0 && k <= UINT32_MAX) || k != (uint32_t)k) {
      freeJob(job);
      return fail(env, "tiles must be an array of tile numbers");
    }
    job->tiles[i] = (uint32_t)k;
  }
  job->count = count;
  job->tileWidth = tw;
  job->tileHeight = th;
  job->cols = cols;
  job->rows = rows;
  job->quality = quality;
  job->chromaQuality = chromaQuality;
  napi_value promise, name;
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "heaters.encodeSheet", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "encodeSheet", NAPI_AUTO_LENGTH, encodeSheet, NULL, &fn);
  napi_set_named_property(env, exports, "encodeSheet", fn);
  return exports;
}

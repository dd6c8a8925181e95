#pragma once
// The plain C interface of the stepmotion_spm module, the only code that touches
// sentencepiece. Core opens the module with dlopen(RTLD_LOCAL | RTLD_DEEPBIND) so the
// protobuf that Debian's libsentencepiece exports cannot collide with libtorch's.
// No C++ type and no exception crosses this boundary: failures come back as strings
// allocated by the module and released with stepmotion_spm_free.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or struct below changes; core refuses other versions. */
#define STEPMOTION_SPM_ABI_VERSION 1

typedef struct StepmotionSpm StepmotionSpm;

typedef struct StepmotionSpmTrainSpec {
    const char* const* corpusPaths; /* UTF-8 text files, one sentence per line */
    int corpusCount;
    int vocabSize;
    const char* modelType;          /* "unigram" or "bpe" */
    double characterCoverage;       /* (0, 1] */
    const char* userDefinedSymbols; /* comma-separated pieces, or "" */
    const char* normalizationRule;  /* "nmt_nfkc" or "nmt_nfkc_cf" (lower-cases) */
    int numThreads;
    int verbose;                    /* 0: only sentencepiece errors reach stderr */
} StepmotionSpmTrainSpec;

/* Special piece selector for stepmotion_spm_special_id. */
enum { STEPMOTION_SPM_UNK = 0, STEPMOTION_SPM_BOS = 1, STEPMOTION_SPM_EOS = 2, STEPMOTION_SPM_PAD = 3 };

/* STEPMOTION_SPM_ABI_VERSION of the built module. */
int stepmotion_spm_abi_version(void);

/* Trains a model. On success returns 0 and sets *model (serialized ModelProto, *modelSize
   bytes) and *vocab (NUL-terminated "piece\tscore\n" lines). On failure returns -1 and sets
   *error. Every returned buffer is released with stepmotion_spm_free. */
int stepmotion_spm_train(const StepmotionSpmTrainSpec* spec, char** model, size_t* modelSize,
                         char** vocab, char** error);

/* Loads a .model file; NULL with *error set on failure. */
StepmotionSpm* stepmotion_spm_load(const char* modelPath, char** error);

/* Encodes `length` bytes of UTF-8. 0 on success with *ids (*count ints, possibly NULL when
   empty); -1 with *error on failure. Safe to call concurrently on one handle. */
int stepmotion_spm_encode(const StepmotionSpm* handle, const char* text, size_t length, int** ids,
                          size_t* count, char** error);

/* Decodes ids to NUL-terminated UTF-8; NULL with *error when an id is out of range. */
char* stepmotion_spm_decode(const StepmotionSpm* handle, const int* ids, size_t count, char** error);

/* Number of pieces (the vocabulary size, special pieces included). */
int stepmotion_spm_piece_count(const StepmotionSpm* handle);

/* Id of a special piece (STEPMOTION_SPM_*), or -1 when the model disables it. */
int stepmotion_spm_special_id(const StepmotionSpm* handle, int which);

void stepmotion_spm_close(StepmotionSpm* handle);
void stepmotion_spm_free(void* buffer);

/* Function pointer types, for dlsym. */
typedef int (*StepmotionSpmAbiVersionFn)(void);
typedef int (*StepmotionSpmTrainFn)(const StepmotionSpmTrainSpec*, char**, size_t*, char**, char**);
typedef StepmotionSpm* (*StepmotionSpmLoadFn)(const char*, char**);
typedef int (*StepmotionSpmEncodeFn)(const StepmotionSpm*, const char*, size_t, int**, size_t*, char**);
typedef char* (*StepmotionSpmDecodeFn)(const StepmotionSpm*, const int*, size_t, char**);
typedef int (*StepmotionSpmPieceCountFn)(const StepmotionSpm*);
typedef int (*StepmotionSpmSpecialIdFn)(const StepmotionSpm*, int);
typedef void (*StepmotionSpmCloseFn)(StepmotionSpm*);
typedef void (*StepmotionSpmFreeFn)(void*);

#ifdef __cplusplus
}
#endif

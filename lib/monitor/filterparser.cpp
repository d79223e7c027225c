#include "filterparser.h"

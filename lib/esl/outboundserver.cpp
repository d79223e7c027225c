#include "outboundserver.h"

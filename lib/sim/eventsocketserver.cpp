#include "eventsocketserver.h"

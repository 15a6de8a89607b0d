// The journey imports the API's router; its Express Request carries pino-http's `id`,
// which only type-checks with pino-http's augmentation in the program.
import "../../packages/api/node_modules/pino-http";

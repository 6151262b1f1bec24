// @ts-check
/**
 * The API bundle (nest build api) plus one more entry: the dataset parse worker thread, which
 * DatasetParserPool starts from `dist/apps/api/dataset-parse.worker.js`, beside main.js. Everything
 * else is Nest's default webpack configuration, received as `options`.
 */
module.exports = (options) => ({
  ...options,
  entry: {
    main: options.entry,
    'dataset-parse.worker': './libs/ai/src/anomaly/dataset-import/dataset-parse.worker.ts',
  },
  output: { ...options.output, filename: 'apps/api/[name].js' },
});

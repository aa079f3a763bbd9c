// nn: modules, layers, losses and initialisers.
export { Module, Parameter, type StateDict, type LoadStateDictOptions } from "./module";
export * from "./layers";
export * from "./containers";
export * from "./normalization";
export * from "./dropout";
export * from "./embedding";
export * from "./losses";
export * as init from "./init";
export * as utils from "./utils";
export * from "./pooling";
export * from "./upsample";
export { LSTM, GRU, RNN, LSTMCell, GRUCell, RNNCell, type RNNOptions, type ElmanOptions } from "./rnn";
export * from "./conv";

// Bad input to the recurrent modules (constructors, inputs, initial states): rows for test/helpers/errors.ts.
import { nn, ones, tensor } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

// modules whose forward is called are built once: their parameters are kept, which the arena check would count
let lstm: nn.LSTM, lstm2: nn.LSTM, gruBf: nn.GRU, rnn: nn.RNN, lstmCell: nn.LSTMCell, gruCell: nn.GRUCell;
let badWeight: nn.LSTM, badBias: nn.GRU, badCell: nn.RNNCell;
function setup(): void {
  lstm = new nn.LSTM(3, 4);
  lstm2 = new nn.LSTM(3, 4, { numLayers: 2 });
  gruBf = new nn.GRU(3, 4, { batchFirst: true, bidirectional: true });
  rnn = new nn.RNN(3, 4);
  lstmCell = new nn.LSTMCell(3, 4);
  gruCell = new nn.GRUCell(3, 4);
  // parameters replaced by a user with the wrong shape (or not a tensor)
  badWeight = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true });
  const w = badWeight as unknown as Record<string, unknown>;
  w.weight_ih_l1_reverse = ones([16, 4]);
  badBias = new nn.GRU(3, 4);
  (badBias as unknown as Record<string, unknown>).bias_hh_l0 = [0, 0] as never;
  badCell = new nn.RNNCell(3, 4);
  badCell.weight_hh = ones([4, 3]);
}

export const table: BadInputTable = {
  setup,
  rows: [
    ["LSTM: inputSize 0", () => new nn.LSTM(0, 4), /LSTM: inputSize must be a positive integer, got 0/],
    ["GRU: fractional hiddenSize", () => new nn.GRU(3, 2.5), /GRU: hiddenSize must be a positive integer, got 2.5/],
    ["RNN: hiddenSize not a number", () => new nn.RNN(3, "4" as never), /RNN: hiddenSize must be a positive integer, got "4"/],
    ["LSTM: numLayers 0", () => new nn.LSTM(3, 4, { numLayers: 0 }), /LSTM: numLayers must be a positive integer, got 0/],
    ["LSTM: dropout 1", () => new nn.LSTM(3, 4, { numLayers: 2, dropout: 1 }), /LSTM: dropout must be a probability in \[0, 1\), got 1/],
    ["GRU: negative dropout", () => new nn.GRU(3, 4, { dropout: -0.1 }), /GRU: dropout must be a probability in \[0, 1\), got -0.1/],
    ["RNN: dropout NaN", () => new nn.RNN(3, 4, { dropout: NaN }), /RNN: dropout must be a probability in \[0, 1\), got NaN/],
    ["LSTM: bidirectional not a boolean", () => new nn.LSTM(3, 4, { bidirectional: "yes" as never }), /LSTM: bidirectional must be a boolean, got "yes"/],
    ["GRU: batchFirst not a boolean", () => new nn.GRU(3, 4, { batchFirst: 1 as never }), /GRU: batchFirst must be a boolean, got 1/],
    ["LSTM: snake_case option", () => new nn.LSTM(3, 4, { num_layers: 2 } as never), /LSTM: unknown option "num_layers" \(expected numLayers, bias, batchFirst, dropout, bidirectional\)/],
    ["LSTM: nonlinearity is RNN's", () => new nn.LSTM(3, 4, { nonlinearity: "relu" } as never), /LSTM: unknown option "nonlinearity"/],
    ["RNN: nonlinearity", () => new nn.RNN(3, 4, { nonlinearity: "sigmoid" as never }), /RNN: nonlinearity must be "tanh" or "relu", got "sigmoid"/],
    ["RNNCell: nonlinearity", () => new nn.RNNCell(3, 4, { nonlinearity: "gelu" as never }), /RNNCell: nonlinearity must be "tanh" or "relu", got "gelu"/],
    ["LSTMCell: bias not a boolean", () => new nn.LSTMCell(3, 4, { bias: 0 as never }), /LSTMCell: bias must be a boolean, got 0/],
    ["GRUCell: unknown option", () => new nn.GRUCell(3, 4, { numLayers: 2 } as never), /GRUCell: unknown option "numLayers" \(expected bias\)/],

    ["LSTM: 1-D input", () => lstm.forward(ones([5])), /LSTM: input must be 3-D \[T, N, inputSize\] or 2-D \[T, inputSize\] \(unbatched\), got shape \[5\]/],
    ["LSTM: 4-D input", () => lstm.forward(ones([5, 2, 1, 3])), /LSTM: input must be 3-D \[T, N, inputSize\] .* got shape \[5, 2, 1, 3\]/],
    ["GRU: batchFirst 4-D input names the layout", () => gruBf.forward(ones([2, 5, 3, 1])), /GRU: input must be 3-D \[N, T, inputSize\]/],
    ["LSTM: wrong input size", () => lstm.forward(ones([5, 2, 4])), /LSTM: input's last dimension must be inputSize = 3, got input shape \[5, 2, 4\]/],
    ["LSTM: no time steps", () => lstm.forward(ones([0, 2, 3])), /LSTM: input must have at least one time step, got shape \[0, 2, 3\]/],
    ["GRU: batchFirst no time steps", () => gruBf.forward(ones([2, 0, 3])), /GRU: input must have at least one time step, got shape \[2, 0, 3\]/],
    ["RNN: int input", () => rnn.forward(tensor(new Int32Array(6), [2, 1, 3])), /RNN: input must be float32, got int32/],
    ["RNN: input not a tensor", () => rnn.forward([[1, 2, 3]] as never), /RNN: input must be a Tensor, got array of length 1/],
    ["LSTM: disposed input", () => { const x = ones([2, 1, 3]); x.dispose(); return lstm.forward(x); }, /LSTM: input: tensor of shape \[2, 1, 3\] was disposed/],
    ["LSTM: h0 for too few layers", () => lstm2.forward(ones([5, 2, 3]), [ones([1, 2, 4]), ones([2, 2, 4])]), /LSTM: h0 must have shape \[2, 2, 4\], got \[1, 2, 4\]/],
    ["LSTM: c0 batch size", () => lstm.forward(ones([5, 2, 3]), [ones([1, 2, 4]), ones([1, 3, 4])]), /LSTM: c0 must have shape \[1, 2, 4\], got \[1, 3, 4\]/],
    ["LSTM: h0 hidden size", () => lstm.forward(ones([5, 2, 3]), [ones([1, 2, 5]), null]), /LSTM: h0 must have shape \[1, 2, 4\], got \[1, 2, 5\]/],
    ["LSTM: hx a single tensor", () => lstm.forward(ones([5, 2, 3]), ones([1, 2, 4]) as never), /LSTM: hx must be \[h0, c0\] \(an array of two tensors\) or null, got Tensor of shape \[1, 2, 4\]/],
    ["LSTM: hx of three", () => lstm.forward(ones([5, 2, 3]), [null, null, null] as never), /LSTM: hx must be \[h0, c0\] \(an array of two tensors\) or null, got array of length 3/],
    ["LSTM: unbatched input with batched h0", () => lstm.forward(ones([5, 3]), [ones([1, 1, 4]), null]), /LSTM: h0 must have shape \[1, 4\], got \[1, 1, 4\]/],
    ["GRU: batchFirst hx batch comes from dim 0", () => gruBf.forward(ones([2, 5, 3]), ones([2, 5, 4])), /GRU: hx must have shape \[2, 2, 4\], got \[2, 5, 4\]/],
    ["GRU: hx given as [h, c]", () => gruBf.forward(ones([2, 5, 3]), [ones([2, 2, 4]), ones([2, 2, 4])] as never), /GRU: hx must be a Tensor, got array of length 2/],
    ["RNN: int hx", () => rnn.forward(ones([5, 2, 3]), tensor(new Int32Array(8), [1, 2, 4])), /RNN: hx must be float32, got int32/],

    ["LSTM: a replaced weight of the wrong shape", () => badWeight.forward(ones([5, 2, 3])), /LSTM: weight_ih_l1_reverse must have shape \[16, 8\], got \[16, 4\]/],
    ["GRU: a replaced bias that is not a tensor", () => badBias.forward(ones([5, 2, 3])), /GRU: bias_hh_l0 must be a Tensor, got array of length 2/],
    ["RNNCell: a replaced weight of the wrong shape", () => badCell.forward(ones([2, 3])), /RNNCell: weight_hh must have shape \[4, 4\], got \[4, 3\]/],

    ["LSTMCell: wrong input size", () => lstmCell.forward(ones([2, 4])), /LSTMCell: input must be \[N, 3\] or \[3\] \(unbatched\), got shape \[2, 4\]/],
    ["LSTMCell: sequence input", () => lstmCell.forward(ones([5, 2, 3])), /LSTMCell: input must be \[N, 3\] or \[3\] \(unbatched\), got shape \[5, 2, 3\]/],
    ["LSTMCell: c batch size", () => lstmCell.forward(ones([2, 3]), [ones([2, 4]), ones([1, 4])]), /LSTMCell: c0 must have shape \[2, 4\], got \[1, 4\]/],
    ["LSTMCell: hx a tensor", () => lstmCell.forward(ones([2, 3]), ones([2, 4]) as never), /LSTMCell: hx must be \[h0, c0\] \(an array of two tensors\) or null/],
    ["GRUCell: hx shape", () => gruCell.forward(ones([2, 3]), ones([2, 5])), /GRUCell: hx must have shape \[2, 4\], got \[2, 5\]/],
    ["GRUCell: unbatched input, batched hx", () => gruCell.forward(ones([3]), ones([1, 4])), /GRUCell: hx must have shape \[4\], got \[1, 4\]/],
  ],
};

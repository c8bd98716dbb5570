/**
 * Part of the local Scenario emulator (a TEST FIXTURE and demo aid, never the plugin's endpoint): the models it
 * knows, each declaring its inputs as Scenario's own models answered them in live calls (2026): every model has its
 * own input names, ranges and defaults. Public ones form the shared catalog (`GET /models?privacy=public`); the private one is the account's own
 * trained style (`GET /models`), a LoRA on FLUX.1 dev that is never called directly. Costs are emulator values.
 */

/** The input types Scenario's `GET /models/{id}` uses. Whole numbers are `number` inputs with `step: 1`. */
export type EmulatorInputType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'file'
  | 'file_array'
  | 'model'
  | 'model_array'
  | 'string_array'
  | 'number_array';

export interface EmulatorModelInput {
  name: string;
  type: EmulatorInputType;
  required?: boolean;
  default?: unknown;
  /** Numbers (and each item of a number_array). */
  min?: number;
  max?: number;
  /** A number must be a multiple of it (1 for whole numbers). */
  step?: number;
  /** Characters of a string; items of an array. */
  maxLength?: number;
  allowedValues?: Array<string | number>;
}

export interface EmulatorModel {
  id: string;
  name: string;
  type: string;
  privacy: 'public' | 'private';
  status: 'trained';
  capabilities: string[];
  inputs: EmulatorModelInput[];
  /** For a trained style (LoRA): the base model it runs on. */
  parentModelId?: string;
  /** Creative units per output image. */
  costPerOutput: number;
  /** How the caption describes images from this model. */
  medium?: string;
}

export const MAX_SEED = 2147483647;

const prompt = (maxLength: number): EmulatorModelInput => ({ name: 'prompt', type: 'string', required: true, maxLength });
const numOutputs: EmulatorModelInput = { name: 'numOutputs', type: 'number', min: 1, max: 4, step: 1, default: 1 };
const seed: EmulatorModelInput = { name: 'seed', type: 'number', min: 0, max: MAX_SEED, step: 1 };
const pixels = (name: 'width' | 'height', fallback: number): EmulatorModelInput => ({
  name,
  type: 'number',
  min: 128,
  max: 2048,
  step: 16,
  default: fallback,
});
/** A trained style (LoRA) on this base: by id (`modelId`), or several with their strengths (`loras` + `lorasScale`). */
const styleInputs: EmulatorModelInput[] = [
  { name: 'modelId', type: 'model' },
  { name: 'loras', type: 'model_array', maxLength: 5 },
  { name: 'lorasScale', type: 'number_array', min: 0, max: 2, maxLength: 5 },
];

export const FLUX_1_DEV = 'model_bfl-flux-1-dev';
export const FLUX_2_DEV = 'model_bfl-flux-2-dev';
export const GEMINI_FLASH = 'model_google-gemini-3-1-flash';
export const EMULATOR_LORA_ID = 'model_emu-watercolor-editorial';
/** Scenario's general text model: an ordinary async job whose outputs are text assets. */
export const SCENARIO_LLM = 'model_scenario-llm';

export const GEMINI_ASPECT_RATIOS = ['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16', 'auto'];
export const GEMINI_RESOLUTIONS = ['512', '1K', '2K', '4K'];

export const MODELS: readonly EmulatorModel[] = [
  {
    id: FLUX_1_DEV,
    name: 'FLUX.1 [dev]',
    type: 'flux.1',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img'],
    inputs: [
      prompt(2048),
      numOutputs,
      seed,
      pixels('width', 1104),
      pixels('height', 832),
      { name: 'guidance', type: 'number', min: 0, max: 10, default: 3.5 },
      { name: 'numInferenceSteps', type: 'number', min: 1, max: 50, step: 1, default: 28 },
      { name: 'image', type: 'file' },
      { name: 'strength', type: 'number', min: 0, max: 1 },
      ...styleInputs,
    ],
    costPerOutput: 10.75,
  },
  {
    id: FLUX_2_DEV,
    name: 'FLUX.2 [dev]',
    type: 'flux.2',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img'],
    inputs: [
      prompt(2048),
      numOutputs,
      seed,
      pixels('width', 1024),
      pixels('height', 1024),
      { name: 'referenceImages', type: 'file_array', maxLength: 5 },
      { name: 'guidance', type: 'number', min: 1, max: 10, default: 4 },
      { name: 'numInferenceSteps', type: 'number', min: 1, max: 100, step: 1, default: 28 },
      ...styleInputs,
    ],
    costPerOutput: 14,
  },
  {
    id: GEMINI_FLASH,
    name: 'Gemini 3.1 Flash Image',
    type: 'gemini',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img', 'image-editing'],
    inputs: [
      prompt(250_000),
      numOutputs,
      { name: 'aspectRatio', type: 'string', allowedValues: GEMINI_ASPECT_RATIOS, default: 'auto' },
      { name: 'resolution', type: 'string', allowedValues: GEMINI_RESOLUTIONS, default: '1K' },
      { name: 'referenceImages', type: 'file_array', maxLength: 14 },
    ],
    costPerOutput: 20,
  },
  {
    id: 'model_photoroom-background-removal',
    name: 'Background removal',
    type: 'photoroom',
    privacy: 'public',
    status: 'trained',
    capabilities: ['remove-background'],
    inputs: [{ name: 'image', type: 'file', required: true }],
    costPerOutput: 2,
  },
  {
    id: 'model_scenario-upscale-v3',
    name: 'Scenario Upscale v3',
    type: 'upscale',
    privacy: 'public',
    status: 'trained',
    capabilities: ['upscale'],
    inputs: [
      { name: 'image', type: 'file', required: true },
      { name: 'scalingFactor', type: 'number', allowedValues: [2, 4, 8, 16], default: 2 },
      { name: 'prompt', type: 'string', maxLength: 2048 },
    ],
    costPerOutput: 8,
  },
  {
    id: SCENARIO_LLM,
    name: 'Scenario LLM',
    type: 'llm',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2txt', 'img2txt'],
    inputs: [
      { name: 'instruction', type: 'string', required: true, maxLength: 20_000 },
      { name: 'textInputs', type: 'string_array', maxLength: 10 },
      { name: 'images', type: 'file_array', maxLength: 4 },
      numOutputs,
    ],
    // Per text output (Scenario charges about 0.5 units).
    costPerOutput: 0.5,
  },
  {
    id: EMULATOR_LORA_ID,
    name: 'Watercolor editorial (trained style)',
    type: 'flux.1-lora',
    privacy: 'private',
    status: 'trained',
    capabilities: ['txt2img'],
    // A trained style is not called directly (it runs through its base model's modelId / loras inputs).
    inputs: [],
    parentModelId: FLUX_1_DEV,
    costPerOutput: 0,
    medium: 'watercolor illustration',
  },
];

export const findModel = (id: string) => MODELS.find((model) => model.id === id);

/**
 * Gemini sizes by aspect ratio and resolution tier; the emulator's pixels for them (its own choice, not the client's):
 * a tier is an area (512², 1024², 2048², 4096²) shared out along the ratio, each side rounded to a multiple of 16,
 * so 16:9 at 1K is 1360×768 and 1:1 at 1K 1024×1024. `auto` follows no reference image here, so it is 1:1.
 */
export function geminiPixels(aspectRatio: string, resolution: string): { width: number; height: number } {
  const side = { '512': 512, '1K': 1024, '2K': 2048, '4K': 4096 }[resolution] ?? 1024;
  const [w, h] = aspectRatio === 'auto' ? [1, 1] : aspectRatio.split(':').map(Number);
  const round16 = (value: number) => Math.max(16, Math.round(value / 16) * 16);
  return { width: round16(side * Math.sqrt(w / h)), height: round16(side * Math.sqrt(h / w)) };
}

/** The public JSON of a model, as `GET /models/{id}` shows it; list rows (`GET /models`) carry no inputs. */
export function modelJson(model: EmulatorModel, createdAt: string, withInputs: boolean) {
  return {
    id: model.id,
    name: model.name,
    type: model.type,
    privacy: model.privacy,
    status: model.status,
    capabilities: model.capabilities,
    ...(withInputs ? { inputs: model.inputs.map((input) => ({ ...input })) } : {}),
    ...(model.parentModelId ? { parentModelId: model.parentModelId } : {}),
    trainingImagesNumber: model.privacy === 'private' ? 18 : 0,
    createdAt,
    updatedAt: createdAt,
  };
}
